/**
 * Rectified-flow step maths: the time grid, the Euler ODE step, the Flow-GRPO SDE step and its
 * exact Gaussian log-probability. The one place these formulas live (DESIGN.md "Maths"); every
 * operation is a differentiable DJL op in fp32 so the learner can backpropagate through a window.
 */
package org.editrl.model.flow;
