/**
 * JSONL manifests of editing data: users' own (source, instruction, optional target and mask)
 * and the world's exports ({@code editrl world}). Format in {@code docs/manifest.md}.
 */
package org.editrl.world.manifest;
