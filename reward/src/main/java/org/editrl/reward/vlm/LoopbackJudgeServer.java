package org.editrl.reward.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.editrl.core.JsonLines;
import org.editrl.core.RgbImage;
import org.editrl.reward.Judge;
import org.editrl.reward.VerifiableJudge;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;

/**
 * A stand-in for a VLM served behind an OpenAI-compatible API, on 127.0.0.1: it answers
 * {@code POST /v1/chat/completions} like a judge model would — after a latency drawn uniformly
 * from [minMillis, maxMillis] — with a 0–10 rating that is the verifiable judge's score of the
 * candidate for the task named in the prompt. Benchmarks use it to measure the pipeline with a
 * judge of realistic latency whose ratings still carry the real reward signal.
 */
public final class LoopbackJudgeServer implements AutoCloseable {
  private static final Pattern TASK_ID = Pattern.compile("Task (\\S+)\\.");

  private final HttpServer server;
  private final ExecutorService handlers;
  private final EditWorld world;
  private final Judge judge = new VerifiableJudge();
  private final int minMillis;
  private final int maxMillis;
  private final SplittableRandom random;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private LoopbackJudgeServer(EditWorld world, int minMillis, int maxMillis, long seed)
      throws IOException {
    this.world = world;
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.random = new SplittableRandom(seed);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.handlers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "loopback-judge");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(handlers);
    server.createContext("/v1/chat/completions", this::handle);
  }

  /** Starts a server for tasks of {@code world} with latency in [minMillis, maxMillis]. */
  public static LoopbackJudgeServer start(EditWorld world, int minMillis, int maxMillis, long seed)
      throws IOException {
    if (minMillis < 0 || maxMillis < minMillis) {
      throw new IllegalArgumentException("latency range must satisfy 0 ≤ min ≤ max");
    }
    LoopbackJudgeServer s = new LoopbackJudgeServer(world, minMillis, maxMillis, seed);
    s.server.start();
    return s;
  }

  /** The API base URL to configure a {@link VlmJudge} with. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  public long requests() {
    return requests.get();
  }

  /** Most requests served at the same time. */
  public int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"error\":{\"message\":\"use POST\"}}");
        return;
      }
      JsonNode request = JsonLines.MAPPER.readTree(exchange.getRequestBody());
      JsonNode content = request.path("messages").path(0).path("content");
      Matcher id = TASK_ID.matcher(content.path(0).path("text").asText(""));
      String candidateUrl = content.path(2).path("image_url").path("url").asText("");
      if (!id.find() || candidateUrl.isEmpty()) {
        reply(exchange, 400, "{\"error\":{\"message\":\"expected a task id and two images\"}}");
        return;
      }
      EditTask task = world.task(id.group(1));
      RgbImage candidate = VlmJudge.fromDataUrl(candidateUrl);
      double rating = 10 * judge.score(task, candidate).score();
      simulateLatency();
      requests.incrementAndGet();
      String answer = String.format(java.util.Locale.ROOT, "%.4f", rating);
      reply(exchange, 200, "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"},"
          + "\"finish_reason\":\"stop\"}]}");
    } catch (RuntimeException e) {
      reply(exchange, 500, "{\"error\":{\"message\":\"" + e.getMessage() + "\"}}");
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The model's think time: this server stands in for a remote VLM, so waiting is its job. */
  private void simulateLatency() {
    int millis;
    synchronized (random) {
      millis = minMillis == maxMillis ? minMillis : random.nextInt(minMillis, maxMillis + 1);
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
