/** Human-readable reports of a run: PNG line plots of reward curves. */
package org.editrl.learner.report;
