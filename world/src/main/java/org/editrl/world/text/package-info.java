/**
 * Instruction decomposition: the {@link org.editrl.world.text.Decomposer}s that turn a reasoning
 * instruction into ordered simple directives (CogniEdit's MLLM stage).
 */
package org.editrl.world.text;
