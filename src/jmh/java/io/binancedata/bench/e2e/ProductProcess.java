package io.binancedata.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.support.FreePorts;
import io.binancedata.support.Prometheus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The shaded jar run as a user runs it ({@code java -jar}, default JVM options, default sink), pointed at the fake
 * exchange, streaming only the given trade symbols (no klines) into its own folder, on free control and management
 * ports; its working directory is that folder (so no stray {@code application.properties} applies) and its output
 * goes to {@code product.log} there.
 */
public final class ProductProcess implements AutoCloseable {
    /** Streams per shared connection: the product's default, set explicitly so that reconnects can be counted. */
    static final int MAX_STREAMS = 200;
    /** Rows asked for in one read of the stream table: every stream of the largest burst. */
    private static final int STREAM_TABLE_LIMIT = 1000;

    /** Connections the jar opens for {@code streams} streams when none is lost. */
    static int connections(int streams) {
        return (streams + MAX_STREAMS - 1) / MAX_STREAMS;
    }
    private final Process process;
    private final Path log;
    private final int controlPort;
    private final int managementPort;

    private ProductProcess(Process process, Path log, int controlPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.controlPort = controlPort;
        this.managementPort = managementPort;
    }

    public static ProductProcess start(Path jar, Path workDir, String wsUrl, String restUrl, List<String> symbols)
            throws IOException {
        return start(jar, workDir, wsUrl, restUrl, symbols, List.of());
    }

    /**
     * As {@link #start(Path, Path, String, String, List)}, with more system properties ({@code key=value}, e.g.
     * {@code binance.rotation.interval=30s}), given after the harness's own so they can override them.
     */
    public static ProductProcess start(Path jar, Path workDir, String wsUrl, String restUrl, List<String> symbols,
                                       List<String> properties) throws IOException {
        Path dir = Files.createDirectories(workDir).toAbsolutePath();
        Path log = dir.resolve("product.log");
        List<String> command = new ArrayList<>(CpuPinning.childPrefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String extra = System.getenv("E2E_JAR_OPTS"); // e.g. a flight recording: -XX:StartFlightRecording=...
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-Dbinance.ws-url=" + wsUrl);
        command.add("-Dbinance.rest-url=" + restUrl);
        command.add("-Dbinance.trade.symbols=" + String.join(",", symbols));
        command.add("-Dbinance.kline.symbols=");
        command.add("-Dbinance.connection.max-streams=" + MAX_STREAMS);
        command.add("-Dbinance.file.dir=" + dir.resolve("data"));
        int controlPort = freePort();
        command.add("-Dcamel.server.port=" + controlPort);
        int managementPort = freePort();
        command.add("-Dcamel.management.port=" + managementPort);
        properties.forEach(property -> command.add("-D" + property));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ProductProcess(process, log, controlPort, managementPort);
    }

    public Path fileDir() {
        return log.resolveSibling("data");
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /**
     * Messages and batches summed over its streams, from the stream table ({@code GET /streams}): how many messages an
     * exchange carried on average. Null when the table cannot be read.
     */
    long[] messagesAndBatches() {
        String body = get(controlPort, "/streams?limit=" + STREAM_TABLE_LIMIT);
        if (body == null) {
            return null;
        }
        try {
            long messages = 0;
            long batches = 0;
            for (JsonNode row : new ObjectMapper().readTree(body).path("streams")) {
                messages += row.path("messages").asLong();
                batches += row.path("batches").asLong();
            }
            return new long[] {messages, batches};
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Its {@code binance_stream_delivery_seconds} histogram summed over its streams, from {@code /observe/metrics};
     * null when it cannot be read.
     */
    DeliveryHistogram delivery() {
        String body = get(managementPort, "/observe/metrics");
        if (body == null) {
            return null;
        }
        Map<String, Long> byBound = new LinkedHashMap<>();
        for (Prometheus.Sample bucket : Prometheus.parse(body).find("binance_stream_delivery_seconds_bucket", Map.of())) {
            byBound.merge(bucket.labels().get("le"), (long) bucket.value(), Long::sum);
        }
        if (byBound.isEmpty()) {
            return null;
        }
        return DeliveryHistogram.ofCumulative(byBound.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** The body of {@code GET path} on the jar's server at {@code port}; null when it does not answer 200 in time. */
    private static String get(int port, String path) {
        try {
            // HTTP/1.1: the JDK client's default HTTP/2 first tries an h2c upgrade, and one such request hung for
            // minutes despite its timeout (2026-12-04); the whole call is bounded too
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build()
                    .sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                    .get(15, TimeUnit.SECONDS);
            return response.statusCode() == 200 ? response.body() : null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SIGTERM, then (after {@code grace}) SIGKILL; returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of its output. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops it if it still runs (SIGTERM, SIGKILL after 40 s; at once when interrupted). */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop(Duration.ofSeconds(40));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        return FreePorts.next(); // below the ephemeral range: no client connection can take it before the jar binds
    }
}
