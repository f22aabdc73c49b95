package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.fake.TradeTape;
import io.binancedata.sequence.FrameScanner;
import io.binancedata.sequence.SequenceCheckpoints;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Fixtures;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gap fill that fails must not lose trades: against the fake exchange, a backfill whose {@code historicalTrades}
 * calls answer 503 is fetched again and every trade written once, in order; a gap that cannot be filled holds the
 * checkpoint before it, so that a restart fetches it; a stop ends a wait for a 418 ban at once; a stream waiting for
 * its gap holds no drain thread.
 */
class GapRetryTest {
    private static final String HISTORICAL_TRADES = "/api/v3/historicalTrades";
    private static final long FIRST_ID = 2_000_000;
    /** Trades that happened before the stream starts: the gap between the checkpoint and the first live trade. */
    private static final int MISSED = 500;
    /** Live trades start this long after the exchange (time for the product to start and connect). */
    private static final long LIVE_AFTER_MILLIS = 3_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;

    @AfterEach
    void stop() {
        stopProduct();
        if (exchange != null) {
            exchange.close();
        }
    }

    private void stopProduct() {
        if (binance != null) {
            binance.close();
            binance = null;
        }
    }

    /** The exchange, with {@code missed} trades already happened, then {@code live} ones at 1,000/s. */
    private Map<String, String> startExchange(int missed, int live) {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().replayMode(ReplayMode.GLOBAL_CLOCK).speed(1)
                .loop(false).pingInterval(Duration.ofSeconds(1)).tape(tape(System.currentTimeMillis(), missed, live)));
        return new HashMap<>(Product.settings(exchange, dir));
    }

    private void checkpointAt(long tradeId) throws Exception {
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir.resolve("state"));
        checkpoints.record("trade-btcusdt", "trade " + tradeId);
        assertThat(checkpoints.save()).isTrue();
    }

    private String checkpoint() throws Exception {
        return new SequenceCheckpoints(dir.resolve("state")).load("trade-btcusdt").orElseThrow();
    }

    @Test
    void shouldFetchAGapAgainAfterTwo503sAndWriteEveryTradeOnceInOrder() throws Exception {
        int live = 6_000;
        Map<String, String> settings = startExchange(MISSED, live);
        checkpointAt(FIRST_ID - 1);
        exchange.faults().rejectRest(HISTORICAL_TRADES, 2, 503, null);
        StreamStatus status;
        try (LogCapture log = new LogCapture("io.binancedata.sequence")) {
            binance = BinanceData.start(BinanceSettings.of(settings));
            binance.startTradeData(List.of("BTCUSDT"));
            status = binance.stream("trade-btcusdt").orElseThrow();
            await().atMost(TIMEOUT).until(() -> status.messages() == MISSED + live);
            stopProduct();

            assertThat(log.eventsContaining("not filled yet")).hasSize(2).allSatisfy(warn -> assertThat(warn)
                    .matches("WARN Stream trade-btcusdt: gap of trade ids 2000000 to \\d+ not filled yet: attempt [12] "
                            + "failed \\(io.binancedata.rest.RestAnswerException: GET .*/api/v3/historicalTrades\\?"
                            + "symbol=BTCUSDT&fromId=2000000&limit=\\d+ answered HTTP 503 \\(Binance code -1001: "
                            + "Internal error; unable to process your request. Please try again.\\)\\); trying again "
                            + "in \\d+ ms"));
            List<String> filled = log.eventsContaining(" filled (");
            assertThat(filled).hasSize(1);
            assertThat(filled.get(0)).contains("filled (" + status.backfilled() + " events) at attempt 3, ");
            assertThat(log.eventsContaining("NOT filled")).isEmpty();
        }
        assertThat(status.gapRetries()).isEqualTo(2);
        assertThat(status.gapsUnfilled()).isZero();
        assertThat(status.backfilled()).isGreaterThanOrEqualTo(MISSED);
        assertThat(exchange.stats().restRejected()).isEqualTo(2);
        assertThat(exchange.stats().restRequests(HISTORICAL_TRADES)).as("two refused, then the pages of the gap")
                .isEqualTo(2 + (status.backfilled() + 999) / 1000);
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        assertThat(trades).hasSize(MISSED + live);
        for (int i = 0; i < trades.size(); i++) {
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #%d", i).isEqualTo(FIRST_ID + i);
            assertThat(trades.get(i).get("source").asText()).as("trade #%d", i)
                    .isEqualTo(i < status.backfilled() ? "BACKFILL" : "LIVE");
        }
        assertThat(checkpoint()).isEqualTo("trade " + (FIRST_ID + MISSED + live - 1));
    }

    @Test
    void shouldKeepAGapThatCannotBeFilledWithTheCheckpointAndFetchItAloneAfterARestart() throws Exception {
        Map<String, String> settings = startExchange(0, 40_000);
        settings.put("binance.reconnect.delay", "500ms");
        Map<String, String> limited = new HashMap<>(settings);
        limited.put("binance.backfill.max-trades", "100");
        exchange.faults().resetAfterFrames(1_000, 1);
        StreamStatus first;
        List<String> unfilled;
        try (LogCapture log = new LogCapture("io.binancedata.sequence")) {
            binance = BinanceData.start(BinanceSettings.of(limited));
            binance.startTradeData(List.of("BTCUSDT"));
            first = binance.stream("trade-btcusdt").orElseThrow();
            await().atMost(TIMEOUT).until(() -> first.gapsUnfilled() == 1 && first.messages() > 2_000);
            stopProduct();
            unfilled = log.eventsContaining("NOT filled");
        }
        List<Long> ids = ids();
        int gapAt = firstJump(ids);
        long beforeGap = ids.get(gapAt);
        long afterGap = ids.get(gapAt + 1);
        assertThat(gapAt).as("the first connection's frames").isEqualTo(999);
        assertThat(firstJump(ids.subList(gapAt + 1, ids.size()))).as("one gap").isEqualTo(-1);
        assertThat(afterGap - beforeGap - 1).as("trades missed during the reconnect").isGreaterThan(100);
        assertThat(checkpoint()).as("moved on, the gap kept").isEqualTo("trade " + ids.get(ids.size() - 1)
                + " unfilled " + (beforeGap + 1) + ":" + (afterGap - 1));
        assertThat(unfilled).containsExactly("ERROR Stream trade-btcusdt: gap of trade ids " + (beforeGap + 1) + " to "
                + (afterGap - 1) + " NOT filled: io.binancedata.rest.BackfillException: the gap of "
                + (afterGap - beforeGap - 1) + " trades exceeds binance.backfill.max-trades=100; the gap is kept with "
                + "its checkpoint and fetched again when the stream next starts");
        assertThat(first.gapRetries()).as("retrying cannot help").isZero();
        assertThat(exchange.stats().restRequests(HISTORICAL_TRADES)).isZero();

        binance = BinanceData.start(BinanceSettings.of(settings));
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus second = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> second.backfilled() > 0 && second.messages() > second.backfilled() + 100);
        stopProduct();
        assertThat(second.gapsUnfilled()).isZero();
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        JsonNode restartedAt = trades.get(Math.toIntExact(first.messages()));
        assertThat(restartedAt.get("tradeId").asLong()).as("the restart's first trade").isEqualTo(beforeGap + 1);
        assertThat(restartedAt.get("source").asText()).isEqualTo("BACKFILL");
        List<Long> all = ids();
        long last = all.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(all).as("every trade id from the first to the last, each once").hasSize(Math.toIntExact(
                last - ids.get(0) + 1)).doesNotHaveDuplicates();
        assertThat(all.stream().filter(id -> id > beforeGap && id < afterGap).count())
                .as("the gap's trades, written once, by the restart").isEqualTo(afterGap - beforeGap - 1);
    }

    @Test
    void shouldWaitUntilABanEndsAndEndTheStreamBeforeTheGapAtOnceWhenItStops() throws Exception {
        Map<String, String> settings = startExchange(MISSED, 20_000);
        checkpointAt(FIRST_ID - 1);
        exchange.faults().rejectRest(HISTORICAL_TRADES, 1, 418, Duration.ofMinutes(5));
        StreamStatus status;
        try (LogCapture log = new LogCapture("io.binancedata")) {
            binance = BinanceData.start(BinanceSettings.of(settings));
            binance.startTradeData(List.of("BTCUSDT"));
            status = binance.stream("trade-btcusdt").orElseThrow();
            await().atMost(TIMEOUT).until(() -> !log.eventsContaining("not filled yet").isEmpty());
            String warn = log.eventsContaining("not filled yet").get(0);
            Matcher wait = Pattern.compile("trying again in (\\d+) ms").matcher(warn);
            assertThat(wait.find()).as(warn).isTrue();
            assertThat(Long.parseLong(wait.group(1))).as("until the ban ends").isBetween(290_000L, 300_000L);
            assertThat(warn).contains("attempt 1 failed (io.binancedata.api.RateLimitedException: REST host ");

            long stopping = System.nanoTime();
            stopProduct();
            Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(stopped).as("the stop did not wait for the ban, nor the 45 s shutdown timeout")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(log.eventsContaining("frames still in flight")).isEmpty();
            assertThat(log.eventsContaining("NOT filled")).isEmpty();
            List<String> ended = log.eventsContaining("stopping before");
            assertThat(ended).hasSize(1);
            assertThat(ended.get(0)).startsWith("WARN Stream trade-btcusdt: stopping before its gap of trade ids "
                            + "2000000 to ")
                    .contains(" was fetched (the stream stopped while it waited to try again after attempt 1 failed "
                            + "(io.binancedata.api.RateLimitedException: REST host ")
                    .endsWith("; it ends at 'trade 1999999': the frames after the gap are left to the next start, "
                            + "which fetches them with the gap");
        }
        assertThat(status.gapsUnfilled()).as("not given up: left to the next start").isZero();
        assertThat(status.messages()).as("nothing after the gap written").isZero();
        assertThat(status.gapRetries()).isZero();
        assertThat(checkpoint()).isEqualTo("trade " + (FIRST_ID - 1));
        assertThat(exchange.stats().restRequests(HISTORICAL_TRADES)).as("nothing sent while banned").isEqualTo(1);
    }

    @Test
    void shouldKeepOtherStreamsFlowingOnOneDrainThreadWhileGapsWaitForTheRestLimits() throws Exception {
        Map<String, String> settings = startExchange(MISSED, 20_000);
        settings.put("binance.drain.threads", "1");
        settings.put("binance.kline.emit", "all");
        checkpointAt(FIRST_ID - 1);
        long candle = (System.currentTimeMillis() / 1000 - 60) * 1000;
        SequenceCheckpoints checkpoints = new SequenceCheckpoints(dir.resolve("state"));
        String klineCheckpoint = "kline " + candle + " " + (candle + 999) + " " + (candle + 999) + " true "
                + FrameScanner.ABSENT; // no candle with trades seen
        checkpoints.record("kline-btcusdt-1s", klineCheckpoint);
        assertThat(checkpoints.save()).isTrue();
        exchange.faults().rejectRest(HISTORICAL_TRADES, 1, 418, Duration.ofMinutes(5));
        StreamStatus trades;
        StreamStatus secondKlines;
        StreamStatus minuteKlines;
        try (LogCapture log = new LogCapture("io.binancedata")) {
            binance = BinanceData.start(BinanceSettings.of(settings));
            binance.startTradeData(List.of("BTCUSDT"));
            trades = binance.stream("trade-btcusdt").orElseThrow();
            await().atMost(TIMEOUT).until(() -> !log.eventsContaining("not filled yet").isEmpty());
            binance.startOhlcvData(List.of("BTCUSDT"), List.of("1s", "1m"));
            secondKlines = binance.stream("kline-btcusdt-1s").orElseThrow();
            minuteKlines = binance.stream("kline-btcusdt-1m").orElseThrow();

            // the 1m stream has no gap: its updates are written on the one drain thread while the others wait
            await().atMost(TIMEOUT).until(() -> minuteKlines.messages() > 0);
            await().atMost(TIMEOUT).until(() -> secondKlines.gapWaitingSince() > 0); // in the stream table
            assertThat(trades.gapWaitingSince()).isPositive();
            assertThat(trades.messages()).as("behind its gap, waiting to try again").isZero();
            assertThat(secondKlines.messages()).as("behind its gap, waiting for the ban to end").isZero();
            assertThat(exchange.stats().restRequests("/api/v3/klines")).as("nothing sent while banned").isZero();

            long stopping = System.nanoTime();
            stopProduct();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(20));
            assertThat(log.eventsContaining("stopping before")).hasSize(2).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN Stream kline-btcusdt-1s: stopping before its gap of klines opening from "
                            + (candle + 1000) + " before ")
                    .endsWith(" was fetched (the stream stopped before the fetch started); it ends at '"
                            + klineCheckpoint + "': the frames after the gap are left to the next start, which "
                            + "fetches them with the gap"));
            assertThat(log.eventsContaining("frames still in flight")).isEmpty();
        }
        assertThat(trades.messages()).isZero();
        assertThat(secondKlines.messages()).isZero();
        assertThat(checkpoint()).isEqualTo("trade " + (FIRST_ID - 1));
        assertThat(new SequenceCheckpoints(dir.resolve("state")).load("kline-btcusdt-1s")).contains(klineCheckpoint);
    }

    private List<Long> ids() {
        return SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT")).stream().map(t -> t.get("tradeId").asLong()).toList();
    }

    /** Index of the last id before the first jump, -1 when the ids are consecutive. */
    private static int firstJump(List<Long> ids) {
        for (int i = 0; i + 1 < ids.size(); i++) {
            if (ids.get(i + 1) != ids.get(i) + 1) {
                return i;
            }
        }
        return -1;
    }

    /**
     * BTCUSDT: {@code missed} trades that happened when the exchange started, then {@code live} ones at 1,000/s from
     * {@link #LIVE_AFTER_MILLIS}; prices, quantities and sides from the recording, ids consecutive from
     * {@link #FIRST_ID}.
     */
    private static TradeTape tape(long start, int missed, int live) {
        List<String> recorded = Fixtures.btcusdtPayloads();
        List<String> frames = new ArrayList<>(missed + live);
        for (int i = 0; i < missed + live; i++) {
            JsonNode source = SbeFiles.parse(recorded.get(i % recorded.size()));
            long time = i < missed ? start : start + LIVE_AFTER_MILLIS + (i - missed);
            frames.add("{\"e\":\"trade\",\"E\":" + time + ",\"s\":\"BTCUSDT\",\"t\":" + (FIRST_ID + i) + ",\"p\":\""
                    + source.get("p").asText() + "\",\"q\":\"" + source.get("q").asText() + "\",\"T\":" + time
                    + ",\"m\":" + source.get("m").asBoolean() + ",\"M\":true}");
        }
        return TradeTape.ofFrames("BTCUSDT", frames);
    }
}
