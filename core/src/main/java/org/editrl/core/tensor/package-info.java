/**
 * Named dense tensors as plain bytes, and the safetensors file format, with no DJL dependency:
 * the unit in which adapters are saved, hashed and shipped between JVMs, and in which sampler
 * traces are written for checking outside Java.
 */
package org.editrl.core.tensor;
