/**
 * Judges behind an OpenAI-compatible chat-completions endpoint (vLLM, sglang serving a VLM such
 * as Qwen2.5-VL), and a loopback stand-in server with realistic latency for benchmarks and tests.
 */
package org.editrl.reward.vlm;
