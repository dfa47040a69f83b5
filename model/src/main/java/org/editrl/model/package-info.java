/**
 * The flow-editing policy: an instruction- and source-image-conditioned rectified-flow transformer
 * in DJL, its LoRA adapter and Dynamic Token Focus, and the checkpoints that hold them.
 */
package org.editrl.model;
