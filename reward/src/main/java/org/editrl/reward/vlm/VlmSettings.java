package org.editrl.reward.vlm;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to ask a VLM judge.
 *
 * @param endpoint base URL of the OpenAI-compatible API, e.g. {@code http://127.0.0.1:8000/v1}
 * @param model the served model name
 * @param apiKey bearer key, if the server wants one
 * @param timeout per request
 */
public record VlmSettings(URI endpoint, String model, Optional<String> apiKey, Duration timeout) {}
