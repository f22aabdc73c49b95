package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.fake.TradeTape;
import io.binancedata.fake.WebSocketSession;
import io.binancedata.management.StreamsHealthCheck;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.FakeMarketAndProduct;
import io.binancedata.support.Fixtures;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-stall probes (binance.watchdog.data-silence): a trade stream whose connection lives but brings no data asks the
 * exchange for its latest trade; a subscription gone silent while the market trades on is STALLED and replaced (a
 * stream's own connection, or the shared connection carrying it, make-before-break), and the gap backfilled; a quiet
 * symbol, with no newer trade, is left alone.
 */
class DataStallTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    /**
     * The exchange's pings, more often than the data silence so that a silent connection still shows signs of life;
     * not more often, as every pong counts towards the 5 messages a second a connection may send, and a loaded machine
     * can deliver a few pongs late and at once.
     */
    private static final Duration SERVER_PINGS = Duration.ofMillis(700);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "max-streams {0}")
    @ValueSource(ints = {1, 10})
    void shouldReplaceASilentSubscriptionAndBackfillWhatItMissed(int maxStreams) {
        StreamStatus status;
        try (FakeMarketAndProduct market = FakeMarketAndProduct.start(dir, Map.of("binance.watchdog.data-silence",
                "2s", "binance.connection.max-streams", Integer.toString(maxStreams)));
             LogCapture log = new LogCapture(StreamStatus.class)) {
            FakeExchange exchange = market.exchange();
            exchange.faults().silentSubscriptionAfterFrames(100, 1);
            market.binance().startTradeData(List.of("BTCUSDT"));
            status = market.binance().stream("trade-btcusdt").orElseThrow();

            // the missed trades are fetched as soon as the stall is confirmed; then live ones come on the new connection
            await().atMost(TIMEOUT).until(() -> status.dataStalls() == 1 && status.state() == StreamState.STREAMING
                    && status.backfilled() > 0 && status.messages() > 100 + status.backfilled() + 50);
            market.stopProduct();

            assertThat(log.eventsContaining("Stream trade-btcusdt: STREAMING -> STALLED (data stall: the exchange "
                    + "has trade ")).hasSize(1);
            List<WebSocketSession> sessions = exchange.sessions();
            assertThat(sessions).hasSize(2).allMatch(session -> session.isCombined() == maxStreams > 1);
            assertThat(sessions.get(0).framesSent()).as("the silent subscription").isEqualTo(100);
            assertThat(sessions.get(0).pingsSent()).as("its pings went on").isPositive();
            assertThat(status.lastError()).startsWith("data stall: the exchange has trade ");
            assertThat(status.stallProbes()).isPositive()
                    .isEqualTo(exchange.stats().restRequests("/api/v3/trades"));
            assertThat(status.rotations()).as("replaced make-before-break").isEqualTo(1);
            assertThat(status.reconnects()).isZero();
            assertThat(status.gapsUnfilled()).isZero();
        }
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        long first = trades.get(0).get("tradeId").asLong();
        for (int i = 0; i < trades.size(); i++) {
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #" + i).isEqualTo(first + i);
        }
        assertThat(trades).hasSize((int) status.messages());
        assertThat((long) trades.size()).isGreaterThan(100 + status.backfilled());
    }

    /**
     * The symbol goes quiet right after its subscription went silent: the trades the connection missed are fetched as
     * soon as the stall is confirmed, not left for the symbol's next trade (which never comes here).
     */
    @ParameterizedTest(name = "max-streams {0}")
    @ValueSource(ints = {1, 10})
    void shouldFetchTheMissedTradesAtOnceWhenTheSymbolGoesQuietAfterTheStall(int maxStreams) throws Exception {
        List<String> tape = quietAfter(Fixtures.btcusdtTape().frames().subList(0, 131));
        StreamStatus status;
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1)
                .replayMode(ReplayMode.GLOBAL_CLOCK).loop(false).pingInterval(SERVER_PINGS)
                .tape(TradeTape.ofFrames("BTCUSDT", tape)))) {
            exchange.faults().silentSubscriptionAfterFrames(100, 1);
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.watchdog.data-silence", "1s");
            settings.put("binance.connection.max-streams", Integer.toString(maxStreams));
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                binance.startTradeData(List.of("BTCUSDT"));
                status = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(TIMEOUT).until(() -> status.messages() == 130);
                assertThat(status.dataStalls()).isEqualTo(1);
                assertThat(status.backfilled()).as("the 30 trades the silent subscription missed").isEqualTo(30);
                assertThat(status.gapsUnfilled()).isZero();
            }
            assertThat(exchange.sessions().get(0).framesSent()).as("the silent subscription").isEqualTo(100);
        }
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        assertThat(trades).hasSize(130);
        for (int i = 0; i < trades.size(); i++) {
            JsonNode expected = SbeFiles.parse(tape.get(i + 1));
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #" + i).isEqualTo(expected.get("t").asLong());
            assertThat(trades.get(i).get("price").asText()).as("trade #" + i)
                    .isEqualTo(SbeFiles.exact(expected.get("p").asText()));
            assertThat(trades.get(i).get("quantity").asText()).as("trade #" + i)
                    .isEqualTo(SbeFiles.exact(expected.get("q").asText()));
            assertThat(trades.get(i).get("source").asText()).as("trade #" + i).isEqualTo(i < 100 ? "LIVE" : "BACKFILL");
        }
    }

    /**
     * The process stops while the market trades on, then the symbol goes quiet: at the restart no live trade reveals
     * the downtime's trades, the first probe of the new connection does — they are fetched at once, without a stall.
     */
    @Test
    void shouldFetchADowntimesTradesAtOnceWhenTheSymbolIsQuietAfterARestart() throws Exception {
        List<String> tape = quietAfter(Fixtures.btcusdtTape().frames().subList(0, 131), 50); // 6.5 s of trades
        long lastId = SbeFiles.parse(tape.get(tape.size() - 1)).get("t").asLong();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1)
                .replayMode(ReplayMode.GLOBAL_CLOCK).loop(false).pingInterval(SERVER_PINGS)
                .tape(TradeTape.ofFrames("BTCUSDT", tape)))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.watchdog.data-silence", "1s");
            long delivered;
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                binance.startTradeData(List.of("BTCUSDT"));
                StreamStatus first = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(TIMEOUT).until(() -> first.messages() >= 20);
                binance.stopTradeData(List.of("BTCUSDT"));
                delivered = first.messages();
            }
            assertThat(delivered).as("stopped while the market trades on").isLessThan(100);
            await().atMost(TIMEOUT).until(() -> latestTradeId(exchange) == lastId);

            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                binance.startTradeData(List.of("BTCUSDT"));
                StreamStatus second = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(TIMEOUT).until(() -> second.backfilled() == 130 - delivered);
                assertThat(second.dataStalls()).isZero();
                assertThat(second.gapsUnfilled()).isZero();
            }
        }
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        assertThat(trades).extracting(t -> t.get("tradeId").asLong()).containsExactlyElementsOf(tape.subList(1, 131)
                .stream().map(frame -> SbeFiles.parse(frame).get("t").asLong()).toList());
    }

    private static long latestTradeId(FakeExchange exchange) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(exchange.restUrl()
                        + "/api/v3/trades?symbol=BTCUSDT&limit=1")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode trades = SbeFiles.parse(response.body());
        return trades.isEmpty() ? -1 : trades.get(0).get("id").asLong();
    }

    /**
     * The frames with their times moved: the first at its own time (the exchange's clock starts there), every later one
     * 5 s after it and 10 ms apart — the product subscribes in between and streams from the second on — then nothing.
     */
    private static List<String> quietAfter(List<String> frames) {
        return quietAfter(frames, 10);
    }

    /** As {@link #quietAfter(List)}, {@code spacingMillis} apart. */
    private static List<String> quietAfter(List<String> frames, long spacingMillis) {
        long start = SbeFiles.parse(frames.get(0)).get("T").asLong();
        List<String> moved = new java.util.ArrayList<>(List.of(frames.get(0)));
        for (int i = 1; i < frames.size(); i++) {
            long time = start + 5_000 + spacingMillis * i;
            moved.add(frames.get(i).replaceFirst("\"E\":\\d+", "\"E\":" + time)
                    .replaceFirst("\"T\":\\d+", "\"T\":" + time));
        }
        return moved;
    }

    /**
     * A kline stream is judged by the symbol's trades, not by its own silence: its subscription goes silent while the
     * market trades on; a first probe notes the latest trade, a later one finds newer trades without an update
     * between: STALLED, its connection (own or shared) replaced, and it streams on.
     */
    @ParameterizedTest(name = "max-streams {0}")
    @ValueSource(ints = {1, 10})
    void shouldReplaceTheSilentSubscriptionOfAKlineStream(int maxStreams) {
        try (FakeMarketAndProduct market = FakeMarketAndProduct.start(dir, Map.of("binance.watchdog.data-silence",
                "1s", "binance.connection.max-streams", Integer.toString(maxStreams)))) {
            FakeExchange exchange = market.exchange();
            exchange.faults().silentSubscriptionAfterFrames(5, 1);
            market.binance().startOhlcvData(List.of("BTCUSDT"), List.of("1m"));
            StreamStatus status = market.binance().stream("kline-btcusdt-1m").orElseThrow();

            await().atMost(TIMEOUT).until(() -> status.dataStalls() == 1 && status.state() == StreamState.STREAMING
                    && status.rotations() == 1);
            assertThat(status.lastError()).startsWith("data stall: the exchange has trade ");
            assertThat(status.stallProbes()).isGreaterThanOrEqualTo(2);
            assertThat(status.reconnects()).isZero();
            assertThat(exchange.sessions().get(0).framesSent()).as("the silent subscription").isEqualTo(5);
            await().atMost(TIMEOUT).until(() -> exchange.sessions().size() == 2
                    && exchange.sessions().get(1).framesSent() > 0);
        }
    }

    @Test
    void shouldLeaveQuietSymbolsStreamingAndOnlyProbeThem() throws Exception {
        List<TradeTape> tapes = TradeTape.bundled();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .pingInterval(SERVER_PINGS).tapes(tapes))) {
            Map<String, String> settings = Product.ownConnectionSettings(exchange, dir);
            settings.put("binance.watchdog.data-silence", "1s");
            settings.put("binance.limits.rest-weight-per-minute", "6000"); // probes paced 0.5 s apart
            List<String> symbols = tapes.stream().map(TradeTape::symbol).toList();
            List<StreamStatus> statuses;
            long started = System.nanoTime();
            long stopped;
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                binance.startTradeData(symbols);
                statuses = symbols.stream().map(s -> binance.stream(StreamKey.trade(s).id()).orElseThrow()).toList();
                for (int i = 0; i < tapes.size(); i++) {
                    StreamStatus status = statuses.get(i);
                    long trades = tapes.get(i).size();
                    await().atMost(TIMEOUT).until(() -> status.messages() == trades);
                }
                await().atMost(TIMEOUT).until(() -> statuses.stream().allMatch(s -> s.stallProbes() >= 3));
                for (StreamStatus status : statuses) {
                    assertThat(status.state()).as(status.key().id()).isEqualTo(StreamState.STREAMING);
                }
                stopped = System.nanoTime();
            }
            long probes = statuses.stream().mapToLong(StreamStatus::stallProbes).sum();
            assertThat(exchange.stats().restRequests("/api/v3/trades")).isEqualTo(probes);
            long millis = Duration.ofNanos(stopped - started).toMillis();
            assertThat(probes).as("all streams' probes paced 0.5 s apart in " + millis + " ms")
                    .isLessThanOrEqualTo(millis / 500 + 1);
            long seconds = millis / 1000 + 1;
            for (StreamStatus status : statuses) {
                assertThat(status.dataStalls()).as(status.key().id()).isZero();
                assertThat(status.reconnects()).isZero();
                assertThat(status.rotations()).isZero();
                assertThat(status.stallProbes()).as("at most one probe per data-silence (1s) in " + seconds + " s")
                        .isLessThanOrEqualTo(seconds);
            }
            assertThat(exchange.stats().connectionsAccepted()).isEqualTo(tapes.size());
        }
        for (TradeTape tape : tapes) {
            List<JsonNode> trades;
            try (Stream<Path> files = Files.list(dir.resolve("trade").resolve(tape.symbol()))) {
                trades = SbeFiles.decode(files.sorted().toArray(Path[]::new));
            }
            assertThat(trades).hasSize(tape.size());
            for (int i = 0; i < trades.size(); i++) {
                assertThat(trades.get(i).get("tradeId").asLong()).isEqualTo(tape.trade(i).id());
            }
        }
    }

    @Test
    void shouldStayStalledAndDownWhileTheReplacementWaitsForTheConnectionLimit() {
        Map<String, String> settings = Map.of("binance.watchdog.data-silence", "1s",
                "binance.limits.connection-attempts", "1", "binance.limits.connection-window", "5m");
        try (FakeMarketAndProduct market = FakeMarketAndProduct.start(dir, settings)) {
            market.exchange().faults().silentSubscriptionAfterFrames(50, 1);
            BinanceData binance = market.binance();
            binance.startTradeData(List.of("BTCUSDT"));
            StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();

            await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STALLED);
            HealthCheck.Result readiness = HealthCheckHelper.invokeReadiness(binance.camelContext()).stream()
                    .filter(r -> r.getCheck().getId().equals(StreamsHealthCheck.ID)).findFirst().orElseThrow();
            assertThat(readiness.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(readiness.getMessage()).hasValue("STALLED: trade-btcusdt");
            assertThat(status.dataStalls()).isEqualTo(1);
            assertThat(status.row()).containsEntry("state", "STALLED").containsEntry("dataStalls", 1L);
            assertThat(market.exchange().stats().connectionsAccepted()).isEqualTo(1);
        }
    }
}
