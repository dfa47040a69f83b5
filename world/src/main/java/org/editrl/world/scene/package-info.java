/**
 * The scene model of the editing world: up to nine shapes on a 3×3 grid over a plain
 * background, and the deterministic anti-aliased {@link org.editrl.world.scene.SceneRenderer}.
 *
 * <p>Every attribute is a small closed set ({@link org.editrl.world.scene.ShapeKind}, {@link
 * org.editrl.world.scene.Colour}, {@link org.editrl.world.scene.Size}, {@link
 * org.editrl.world.scene.Cell}) whose {@code word()} is the phrase the instruction grammar and
 * the captions use, so every scene can be described exactly in words.
 */
package org.editrl.world.scene;
