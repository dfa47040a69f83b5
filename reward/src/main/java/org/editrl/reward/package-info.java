/**
 * Judges that score edits: the {@link org.editrl.reward.Judge} interface, the image-based
 * {@link org.editrl.reward.VerifiableJudge}, weighted mixes ({@link
 * org.editrl.reward.CombinedJudge}) and {@link org.editrl.reward.Judges#create} by name. The
 * image metrics live in {@link org.editrl.reward.metrics}. The scoring formula is documented in
 * {@code docs/judge.md}.
 */
package org.editrl.reward;
