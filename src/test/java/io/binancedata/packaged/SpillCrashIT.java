package io.binancedata.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.support.Fixtures;
import io.binancedata.support.JarProcess;
import io.binancedata.support.MainProcess;
import io.binancedata.support.SbeFiles;
import io.binancedata.support.SlowHttpSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames spilled to disk and not yet processed when the process dies are not lost: the jar, held up by an HTTP sink
 * taking 20 ms per message (unspooled, so the stream's route waits for it), spills the trades it reads; it is killed
 * (SIGKILL) while its spill holds frames. The next start deletes the spill (with a WARN) and the sequence guard
 * fetches everything after its checkpoint over REST: the files then hold every trade id from the first to the last
 * (some possibly twice: after a crash, delivery is at-least-once).
 */
class SpillCrashIT {
    private static final Path JAR = Path.of(System.getProperty("binance.jar", "target/binance-data-integration.jar"));

    @Test
    void shouldFetchWhatWasSpilledButNotProcessedWhenTheProcessDied(@TempDir Path work) throws Exception {
        Path trades = work.resolve("data/trade/BTCUSDT");
        Path spill = work.resolve("data/state/spill");
        Path checkpoint = work.resolve("data/state/checkpoints");
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(40).loop(true)
                .replayMode(ReplayMode.GLOBAL_CLOCK).tape(Fixtures.btcusdtTape()));
             SlowHttpSink http = new SlowHttpSink(20)) {
            Process slow = start(work, exchange, 0, List.of("-Dbinance.sink.spool=false",
                    "-Dbinance.sink.trade=sbe-file:data," + http.url()));
            try {
                // killed once it has a checkpoint (a first run without one cannot know what it missed) and its spill
                // holds frames
                await().atMost(Duration.ofSeconds(90)).until(() -> !slow.isAlive()
                        || Files.exists(checkpoint) && spilledBytes(spill) > 100_000 && tradeCount(trades) > 0);
                assertThat(slow.isAlive()).as(log(work, 0)).isTrue();
            } finally {
                slow.destroyForcibly();
            }
            assertThat(slow.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long spilledAtDeath = spilledBytes(spill);
            long writtenBefore = tradeCount(trades);

            Process fast = start(work, exchange, 1, List.of());
            try {
                long target = lastTradeId(exchange);
                await().atMost(Duration.ofSeconds(90)).until(() -> !fast.isAlive() || maxTradeId(trades) >= target);
            } finally {
                fast.destroy();
            }
            assertThat(fast.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(log(work, 1)).as("spilled at death: %d bytes, written: %d trades", spilledAtDeath, writtenBefore)
                    .contains("bytes of frames spilled by an earlier run were never processed")
                    .contains("Stream trade-btcusdt: gap of trade ids");
        }
        List<Long> ids = SbeFiles.decode(files(trades)).stream().map(t -> t.get("tradeId").asLong()).toList();
        TreeSet<Long> distinct = new TreeSet<>(ids);
        List<Long> expected = new ArrayList<>();
        for (long id = distinct.first(); id <= distinct.last(); id++) {
            expected.add(id);
        }
        assertThat(new ArrayList<>(distinct)).as("every trade id from the first to the last").isEqualTo(expected);
    }

    private static Process start(Path work, FakeExchange exchange, int run, List<String> extra) throws IOException {
        List<String> command = JarProcess.javaCommand();
        command.addAll(List.of("-Dcamel.server.port=" + MainProcess.freePort(), "-Dcamel.management.port=" + MainProcess.freePort(),
                "-Dbinance.ws-url=" + exchange.wsUrl(), "-Dbinance.rest-url=" + exchange.restUrl(),
                "-Dbinance.trade.symbols=BTCUSDT", "-Dbinance.kline.symbols="));
        command.addAll(extra);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("run-" + run + ".log").toFile());
        builder.environment().put("LANG", "C.UTF-8");
        return builder.start();
    }

    private static long spilledBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                total += Files.size(file);
            }
        }
        return total;
    }

    /** The exchange's newest trade id now, from its REST API. */
    private static long lastTradeId(FakeExchange exchange) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(exchange.restUrl() + "/api/v3/historicalTrades?symbol=BTCUSDT&limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode found = SbeFiles.parse(response.body());
        return found.get(found.size() - 1).get("id").asLong();
    }

    private static Path[] files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Path[0];
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".sbe")).sorted().toArray(Path[]::new);
        }
    }

    private static long tradeCount(Path dir) throws IOException {
        return SbeFiles.decode(files(dir)).size();
    }

    private static long maxTradeId(Path dir) throws IOException {
        return SbeFiles.decode(files(dir)).stream().mapToLong(t -> t.get("tradeId").asLong()).max().orElse(-1);
    }

    private static String log(Path work, int run) {
        try {
            return Files.readString(work.resolve("run-" + run + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
