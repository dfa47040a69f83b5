package org.editrl.reward.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.editrl.core.JsonLines;
import org.editrl.core.Png;
import org.editrl.core.RgbImage;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeResult;
import org.editrl.world.EditTask;

/**
 * A VLM as judge, VIEScore-style: the source and the edited image and the instruction go to an
 * OpenAI-compatible chat-completions endpoint, which answers with a 0–10 rating; the score is the
 * rating / 10. The task id travels in the prompt so logs on the server side can be matched.
 */
public final class VlmJudge implements Judge {
  public static final String NAME = "vlm";
  private static final Pattern RATING = Pattern.compile("(\\d+(?:\\.\\d+)?)");

  private final VlmSettings settings;
  private final HttpClient http;

  public VlmJudge(VlmSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JudgeResult score(EditTask task, RgbImage candidate) {
    HttpRequest.Builder request = HttpRequest.newBuilder(chatUri())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(task, candidate)));
    settings.apiKey().ifPresent(k -> request.header("Authorization", "Bearer " + k));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("VLM judge at " + settings.endpoint() + " unreachable: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the VLM judge", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("VLM judge at " + settings.endpoint() + " answered HTTP "
          + response.statusCode() + ": " + abbreviate(response.body()));
    }
    double rating = parseRating(response.body());
    return new JudgeResult(rating / 10.0, Map.of("vlm_rating", rating));
  }

  private URI chatUri() {
    String base = settings.endpoint().toString();
    return URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
  }

  /** The prompt (VIEScore's semantic-consistency question) and both images as data URLs. */
  byte[] requestBody(EditTask task, RgbImage candidate) {
    ObjectNode body = JsonLines.MAPPER.createObjectNode();
    body.put("model", settings.model());
    body.put("temperature", 0);
    ArrayNode messages = body.putArray("messages");
    ObjectNode user = messages.addObject();
    user.put("role", "user");
    ArrayNode content = user.putArray("content");
    content.addObject().put("type", "text").put("text",
        "Task " + task.id() + ". The first image is the source, the second the edit. "
            + "Instruction: \"" + task.instruction() + "\". Rate from 0 to 10 how well the edit "
            + "follows the instruction while keeping everything else unchanged. "
            + "Answer with the number only.");
    content.addObject().put("type", "image_url").putObject("image_url")
        .put("url", dataUrl(task.source()));
    content.addObject().put("type", "image_url").putObject("image_url")
        .put("url", dataUrl(candidate));
    try {
      return JsonLines.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first number in the answer, clamped to [0, 10]. */
  static double parseRating(String responseBody) {
    JsonNode answer;
    try {
      answer = JsonLines.MAPPER.readTree(responseBody)
          .path("choices").path(0).path("message").path("content");
    } catch (IOException e) {
      throw new IllegalStateException("VLM judge answered with invalid JSON: "
          + abbreviate(responseBody));
    }
    Matcher m = RATING.matcher(answer.asText(""));
    if (!m.find()) {
      throw new IllegalStateException("VLM judge answered without a rating: "
          + abbreviate(answer.asText("")));
    }
    return Math.max(0, Math.min(10, Double.parseDouble(m.group(1))));
  }

  static String dataUrl(RgbImage image) {
    byte[] png = Png.encode(Png.toBufferedImage(image.clamped()));
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  /** Decodes a data URL made by {@link #dataUrl}. */
  static RgbImage fromDataUrl(String url) {
    int comma = url.indexOf(',');
    if (!url.startsWith("data:image/png;base64,") || comma < 0) {
      throw new IllegalArgumentException("not a PNG data URL");
    }
    byte[] bytes = Base64.getDecoder().decode(url.substring(comma + 1));
    try {
      return Png.fromBufferedImage(ImageIO.read(new java.io.ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
