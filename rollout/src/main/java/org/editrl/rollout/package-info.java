/** Group samplers for the editing policy: Euler ODE, Euler–Maruyama SDE and the windowed SDE used by GRPO. */
package org.editrl.rollout;
