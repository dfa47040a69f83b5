/**
 * Receptionist plumbing shared by the actors. Pekko gives all message adapters of an actor one
 * and the same ref, and the cluster Receptionist cannot watch one ref both as a registered
 * service and as a subscriber; so registered endpoints are small child actors.
 */
package org.editrl.actors.endpoint;
