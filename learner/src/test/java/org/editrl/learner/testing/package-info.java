/** Shared fixtures of the learner tests. */
package org.editrl.learner.testing;
