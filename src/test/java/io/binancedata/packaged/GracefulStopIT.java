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
import java.util.Random;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM never loses a trade: the packaged jar is stopped again and again at random moments — right after start-up
 * while it is still backfilling what happened while it was down, and mid-stream — while the exchange keeps trading
 * (one market clock; what the jar missed is served over REST). Its files must then hold every trade id exactly once.
 */
class GracefulStopIT {
    private static final Path JAR = Path.of(System.getProperty("binance.jar", "target/binance-data-integration.jar"));
    private static final int CYCLES = 8;

    @Test
    void shouldHoldEveryTradeExactlyOnceAfterManySigterms(@TempDir Path work) throws Exception {
        Random random = new Random(Long.getLong("binance.test.seed", System.nanoTime()));
        Path trades = work.resolve("data/trade/BTCUSDT");
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(40).loop(true)
                .replayMode(ReplayMode.GLOBAL_CLOCK).tape(Fixtures.btcusdtTape()))) {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                long before = tradeBytes(trades);
                Process process = start(work, exchange, cycle);
                try {
                    if (cycle % 2 == 1) {
                        // mid-stream: once this run has written something of its own
                        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || tradeBytes(trades) > before);
                    }
                    long pause = 100 + random.nextInt(1500);
                    assertThat(process.waitFor(pause, TimeUnit.MILLISECONDS)).as(log(work, cycle)).isFalse();
                } finally {
                    process.destroy();
                }
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(log(work, cycle)).isEqualTo(143);
                assertThat(log(work, cycle)).doesNotContain("is not started").doesNotContain("dead-lettered");
            }
            Process last = start(work, exchange, CYCLES);
            try {
                long target = lastTradeId(exchange);
                await().atMost(Duration.ofSeconds(90)).until(() -> !last.isAlive() || maxTradeId(trades) >= target);
            } finally {
                last.destroy();
            }
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        List<Long> ids = SbeFiles.decode(files(trades)).stream().map(t -> t.get("tradeId").asLong()).sorted().toList();
        assertThat(ids).isNotEmpty();
        List<Long> expected = new ArrayList<>();
        for (long id = ids.get(0); id <= ids.get(ids.size() - 1); id++) {
            expected.add(id);
        }
        assertThat(ids).as("every trade id from the first to the last, each exactly once").isEqualTo(expected);
    }

    private static Process start(Path work, FakeExchange exchange, int cycle) throws IOException {
        List<String> command = JarProcess.javaCommand();
        command.addAll(List.of("-Dcamel.server.port=" + MainProcess.freePort(), "-Dcamel.management.port=" + MainProcess.freePort(),
                "-Dbinance.ws-url=" + exchange.wsUrl(), "-Dbinance.rest-url=" + exchange.restUrl(),
                "-Dbinance.trade.symbols=BTCUSDT", "-Dbinance.kline.symbols=BTCUSDT", "-Dbinance.kline.intervals=1s",
                "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("run-" + cycle + ".log").toFile());
        builder.environment().put("LANG", "C.UTF-8");
        return builder.start();
    }

    /** The exchange's newest trade id now, from its REST API. */
    private static long lastTradeId(FakeExchange exchange) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(exchange.restUrl() + "/api/v3/historicalTrades?symbol=BTCUSDT&limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode trades = SbeFiles.parse(response.body());
        return trades.get(trades.size() - 1).get("id").asLong();
    }

    private static Path[] files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".sbe")).sorted().toArray(Path[]::new);
        }
    }

    private static long tradeBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        for (Path file : files(dir)) {
            total += Files.size(file);
        }
        return total;
    }

    private static long maxTradeId(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        return SbeFiles.decode(files(dir)).stream().mapToLong(t -> t.get("tradeId").asLong()).max().orElse(-1);
    }

    private static String log(Path work, int cycle) {
        try {
            return Files.readString(work.resolve("run-" + cycle + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
