/** Safetensors checkpoints of an {@link org.editrl.model.EditPolicy} with a verified JSON manifest. */
package org.editrl.model.checkpoint;
