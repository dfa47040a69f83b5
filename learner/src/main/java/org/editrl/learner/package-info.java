/**
 * The RL learner: group advantages, the Dense GRPO and per-step GRPO objectives, optimisation
 * schedules, checkpoint/resume and the synchronous rollout → score → update loop, which is also
 * the ground truth the asynchronous actor runtime is checked against.
 */
package org.editrl.learner;
