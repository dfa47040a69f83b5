/** Held-out evaluation: deterministic ODE edits of held-out tasks scored by a judge, per category. */
package org.editrl.learner.eval;
