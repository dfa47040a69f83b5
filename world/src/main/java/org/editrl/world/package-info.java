/**
 * The procedural fine-grained editing world: a source of image-editing tasks with known right
 * answers.
 *
 * <p>{@link org.editrl.world.EditWorld} turns (world seed, split, index) into an {@link
 * org.editrl.world.EditTask}: a source scene and image, an instruction in a simple and a
 * reasoning phrasing, the ground-truth target scene and image, and the edit mask. The same
 * {@code EditTask} record carries users' own data loaded from a manifest ({@link
 * org.editrl.world.manifest}), where scenes (and possibly target and mask) are absent.
 */
package org.editrl.world;
