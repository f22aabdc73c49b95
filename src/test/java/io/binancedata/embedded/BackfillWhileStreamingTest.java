package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Fixtures;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill of 50,000 trades while live trades keep coming at 2,000/s: the stream's checkpoint (an earlier run) is
 * 50,000 trades behind the market when it starts, the exchange's REST answers are held back 100 ms each (so the fill
 * takes at least 5 s), and the live trades go on for 15 s. Live frames keep being read at the exchange's pace (they
 * go to the stream's spill on disk while the route is busy filling), and the file holds every trade id once, in
 * order: the backfilled ones first, then the live ones.
 */
class BackfillWhileStreamingTest {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillWhileStreamingTest.class);
    private static final long FIRST_ID = 1_000_000;
    private static final int MISSED = 50_000;
    private static final int LIVE = 30_000;
    /**
     * The live trades start this long after the exchange, to give the product time to start and connect (on a busy
     * machine it may connect later: the live trades sent before are then part of the gap).
     */
    private static final long LIVE_AFTER_MILLIS = 10_000;

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;

    @AfterEach
    void stop() {
        if (binance != null) {
            binance.close();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void shouldKeepReadingLiveTradesWhileBackfilling50000AndWriteTheBackfilledOnesFirst() throws Exception {
        long start = System.currentTimeMillis();
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().replayMode(ReplayMode.GLOBAL_CLOCK).speed(1)
                .loop(false).pingInterval(Duration.ofSeconds(1)).tape(tape(start)));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/trade-btcusdt.seq"), "trade " + (FIRST_ID - 1) + "\n");
        Map<String, String> settings = Product.settings(exchange, dir);
        binance = BinanceData.start(BinanceSettings.of(settings));
        exchange.faults().delayRest(1_000, Duration.ofMillis(100));
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();

        await().atMost(Duration.ofSeconds(90)).until(() -> status.messages() == MISSED + LIVE);
        List<JsonNode> trades = SbeFiles.decode(tradeFiles());
        assertThat(trades).hasSize(MISSED + LIVE);
        int firstLive = 0;
        while (firstLive < trades.size() && "BACKFILL".equals(trades.get(firstLive).get("source").asText())) {
            firstLive++;
        }
        assertThat(firstLive).as("backfilled: the gap, and any live trade sent before the stream connected")
                .isGreaterThanOrEqualTo(MISSED);
        assertThat(MISSED + LIVE - firstLive).as("live trades read (the stream connected in time)")
                .isGreaterThanOrEqualTo(10_000);
        assertThat(status.backfilled()).isEqualTo(firstLive);
        assertThat(status.gapsUnfilled()).isZero();
        long offset = Long.MAX_VALUE;
        for (int i = 0; i < trades.size(); i++) {
            JsonNode trade = trades.get(i);
            assertThat(trade.get("tradeId").asLong()).as("trade #%d", i).isEqualTo(FIRST_ID + i);
            assertThat(trade.get("source").asText()).as("trade #%d", i).isEqualTo(i < firstLive ? "BACKFILL" : "LIVE");
            if (i >= firstLive) {
                offset = Math.min(offset, trade.get("receiveTime").asLong() - trade.get("tradeTime").asLong());
            }
        }
        long maxLateMillis = 0;
        for (int i = firstLive; i < trades.size(); i++) {
            JsonNode trade = trades.get(i);
            long late = trade.get("receiveTime").asLong() - trade.get("tradeTime").asLong() - offset;
            maxLateMillis = Math.max(maxLateMillis, late / 1000);
        }
        LOG.info("{} trades backfilled while {} live ones were read, {} of them through the spill; live trades read at "
                + "most {} ms later than the earliest", firstLive, MISSED + LIVE - firstLive, status.spilled(),
                maxLateMillis);
        assertThat(maxLateMillis).as("live trades read at the exchange's pace during the fill").isLessThan(1_500);
        assertThat(status.spilled()).as("live frames read on while the route was filling").isGreaterThan(5_000);
        assertThat(status.spillFull()).isZero();
    }

    private Path[] tradeFiles() throws Exception {
        try (java.util.stream.Stream<Path> found = Files.list(dir.resolve("trade/BTCUSDT"))) {
            return found.sorted().toArray(Path[]::new);
        }
    }

    /**
     * BTCUSDT: 50,000 trades that all happened when the exchange started (before the stream connects: the gap), then
     * live trades at 2,000/s from {@link #LIVE_AFTER_MILLIS}; prices, quantities and sides from the recording, ids
     * consecutive from {@link #FIRST_ID}.
     */
    private static TradeTape tape(long start) {
        List<String> recorded = Fixtures.btcusdtPayloads();
        List<String> frames = new ArrayList<>(MISSED + LIVE);
        for (int i = 0; i < MISSED + LIVE; i++) {
            JsonNode source = SbeFiles.parse(recorded.get(i % recorded.size()));
            long time = i < MISSED ? start : start + LIVE_AFTER_MILLIS + (i - MISSED) / 2;
            frames.add("{\"e\":\"trade\",\"E\":" + time + ",\"s\":\"BTCUSDT\",\"t\":" + (FIRST_ID + i) + ",\"p\":\""
                    + source.get("p").asText() + "\",\"q\":\"" + source.get("q").asText() + "\",\"T\":" + time
                    + ",\"m\":" + source.get("m").asBoolean() + ",\"M\":true}");
        }
        return TradeTape.ofFrames("BTCUSDT", frames);
    }
}
