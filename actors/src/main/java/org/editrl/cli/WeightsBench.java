package org.editrl.cli;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.editrl.actors.weights.SyntheticAdapters;
import org.editrl.actors.weights.WeightChannels;
import org.editrl.actors.weights.WeightServer;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.actors.weights.WeightStore;
import org.editrl.actors.weights.WeightSubscriber;
import org.editrl.actors.weights.WeightSyncListener;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code editrl bench weights}: adapter broadcast throughput over the real gRPC WeightService on
 * loopback (publish → every subscriber has fetched, verified every SHA-256 and staged the
 * version) next to a plain loopback socket copy of the same bytes to the same number of readers,
 * in one run. MB = 10^6 bytes; throughput counts the bytes delivered to all subscribers.
 */
@Command(
    name = "weights",
    mixinStandardHelpOptions = true,
    description = "Weight-broadcast MB/s over loopback gRPC (with hash checks) next to a plain loopback socket copy.")
final class WeightsBench implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--mb", defaultValue = "10", description = "Adapter size in MB (10^6 bytes). Default: ${DEFAULT-VALUE}.")
  double megabytes;

  @Option(names = "--subscribers", defaultValue = "4", description = "Rollout workers subscribed. Default: ${DEFAULT-VALUE}.")
  int subscribers;

  @Option(names = "--rounds", defaultValue = "5", description = "Measured versions (after one warm-up). Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--chunk-bytes", defaultValue = "1048576", description = "gRPC chunk size in bytes. Default: ${DEFAULT-VALUE}.")
  int chunkBytes;

  @Override
  public void run() {
    if (megabytes <= 0 || megabytes > 1000 || subscribers < 1 || subscribers > 64 || rounds < 1
        || chunkBytes < WeightSettings.MIN_CHUNK_BYTES || chunkBytes > WeightSettings.MAX_CHUNK_BYTES) {
      throw new UserError("bench weights needs 0 < --mb <= 1000, 1 <= --subscribers <= 64, --rounds >= 1,"
          + " and --chunk-bytes in [" + WeightSettings.MIN_CHUNK_BYTES + ", " + WeightSettings.MAX_CHUNK_BYTES + "]");
    }
    PrintWriter err = spec.commandLine().getErr();
    // Round 0 is a warm-up (JIT, connections), then the measured rounds, each a new version.
    List<List<NamedTensor>> versions = new ArrayList<>();
    for (int r = 0; r <= rounds; r++) {
      versions.add(SyntheticAdapters.lora((long) (megabytes * 1e6), 512, 16, 16, r));
    }
    long bytes = versions.get(0).stream().mapToLong(NamedTensor::byteLength).sum();
    err.printf("bench weights: %d-byte adapter (%d tensors) to %d subscribers, %d rounds%n",
        bytes, versions.get(0).size(), subscribers, rounds);

    byte[] payload = new byte[(int) bytes];
    new java.util.SplittableRandom(1).nextBytes(payload);
    double[] grpcSeconds = new double[rounds];
    double[] publishSeconds = new double[rounds];
    double[] socketSeconds = new double[rounds];
    try {
      interleavedRounds(versions, payload, grpcSeconds, publishSeconds, socketSeconds);
    } catch (Exception e) {
      throw new IllegalStateException("bench weights failed", e);
    }

    double delivered = (double) bytes * subscribers / 1e6;
    double grpcMbps = delivered / median(grpcSeconds);
    double socketMbps = delivered / median(socketSeconds);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("bench", "weights");
    result.put("adapter_bytes", bytes);
    result.put("subscribers", subscribers);
    result.put("rounds", rounds);
    result.put("chunk_bytes", chunkBytes);
    result.put("grpc_mb_per_s", round(grpcMbps));
    result.put("socket_mb_per_s", round(socketMbps));
    result.put("grpc_over_socket", round(grpcMbps / socketMbps));
    result.put("grpc_round_ms", Arrays.stream(grpcSeconds).map(s -> round(s * 1e3)).toArray());
    // Part of each gRPC round: encoding the version and hashing it on the learner.
    result.put("publish_ms", Arrays.stream(publishSeconds).map(s -> round(s * 1e3)).toArray());
    result.put("socket_round_ms", Arrays.stream(socketSeconds).map(s -> round(s * 1e3)).toArray());
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("java", System.getProperty("java.version"));
    result.put("load_average", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    try {
      spec.commandLine().getOut().println(JsonLines.MAPPER.writeValueAsString(result));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    err.printf("gRPC broadcast (fetch + verify + stage): %.0f MB/s; plain socket copy: %.0f MB/s; ratio %.2f%n",
        grpcMbps, socketMbps, grpcMbps / socketMbps);
  }

  /**
   * Round 0 of each transport is a warm-up (JIT, connections). The measured rounds alternate a
   * gRPC round and a socket round, so that both see the same load on a shared machine.
   *
   * <p>gRPC round: seconds from publish until every subscriber has staged the verified version
   * (publish encodes and hashes; each subscriber fetches, checks every SHA-256 and stages).
   * Socket round: seconds until every reader has received the payload over its own loopback TCP
   * connection.
   */
  private void interleavedRounds(List<List<NamedTensor>> versions, byte[] payload,
      double[] grpcSeconds, double[] publishSeconds, double[] socketSeconds) throws Exception {
    WeightSettings settings = new WeightSettings("127.0.0.1", "127.0.0.1", 0, chunkBytes, 2, Optional.empty(),
        Optional.empty(), Optional.empty(), Duration.ofMillis(50), Duration.ofSeconds(1),
        Duration.ofSeconds(120), Duration.ofSeconds(2));
    WeightStore store = new WeightStore("bench", chunkBytes, 2);
    List<ManagedChannel> channels = new ArrayList<>();
    List<WeightSubscriber> subs = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2 * subscribers);
    WeightServer server = WeightServer.start(settings, store, WeightSyncListener.NONE);
    try (ServerSocket socketServer = new ServerSocket()) {
      socketServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      for (int i = 0; i < subscribers; i++) {
        ManagedChannel ch = WeightChannels.open(server.target(), settings);
        channels.add(ch);
        subs.add(WeightSubscriber.builder().setChannel(ch).setWorkerId("bench-" + i).setBaseId("bench")
            .optSettings(settings).build().start());
      }
      for (int r = 0; r < versions.size(); r++) {
        long start = System.nanoTime();
        long version = store.publish(versions.get(r), r).getVersion();
        long published = System.nanoTime();
        for (WeightSubscriber s : subs) {
          s.awaitVersion(version, Duration.ofSeconds(120));
        }
        long staged = System.nanoTime();
        socketRound(socketServer, pool, payload);
        long copied = System.nanoTime();
        if (r > 0) {
          publishSeconds[r - 1] = (published - start) / 1e9;
          grpcSeconds[r - 1] = (staged - start) / 1e9;
          socketSeconds[r - 1] = (copied - staged) / 1e9;
        }
      }
    } finally {
      for (WeightSubscriber s : subs) {
        s.close();
      }
      for (ManagedChannel ch : channels) {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      server.close();
      pool.shutdownNow();
    }
  }

  /** Copies the payload to {@code subscribers} readers at once, each on its own connection. */
  private void socketRound(ServerSocket server, ExecutorService pool, byte[] payload) throws Exception {
    List<Future<?>> readers = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      readers.add(pool.submit(() -> read(server.getLocalPort(), payload.length)));
    }
    List<Future<?>> writers = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      Socket s = server.accept();
      writers.add(pool.submit(() -> write(s, payload)));
    }
    for (Future<?> f : writers) {
      f.get();
    }
    for (Future<?> f : readers) {
      f.get();
    }
  }

  private Void write(Socket s, byte[] payload) throws IOException {
    try (s; OutputStream out = s.getOutputStream()) {
      for (int off = 0; off < payload.length; off += chunkBytes) {
        out.write(payload, off, Math.min(chunkBytes, payload.length - off));
      }
    }
    return null;
  }

  private static Void read(int port, int length) throws IOException {
    byte[] into = new byte[length];
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = s.getInputStream()) {
      int got = 0;
      while (got < length) {
        int n = in.read(into, got, length - got);
        if (n < 0) {
          throw new IOException("stream ended after " + got + " of " + length + " bytes");
        }
        got += n;
      }
    }
    return null;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
