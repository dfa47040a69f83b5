/**
 * Small pieces every module shares: {@link org.editrl.core.UserError} for bad input a user can fix,
 * {@link org.editrl.core.RgbImage} with PNG reading and writing, SHA-256 hashing, atomic file
 * writes, JSON-lines output, deterministic seed derivation and parsing of the names users give enum values.
 *
 * <p>Nothing here knows about models, actors or the editing world.
 */
package org.editrl.core;
