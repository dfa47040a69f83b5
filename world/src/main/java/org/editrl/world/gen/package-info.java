/**
 * How world tasks are made: scene sampling, the primitive {@link org.editrl.world.gen.Edit}s and
 * their canonical directives, referring expressions, the knowledge tables of the conceptual
 * category, the held-out compositions, and the {@link org.editrl.world.gen.TaskGenerator} that
 * plans one task per seed.
 *
 * <p>Every phrase the generator writes is parsed back by {@link
 * org.editrl.world.text.RuleDecomposer}; the two are kept in step by tests.
 */
package org.editrl.world.gen;
