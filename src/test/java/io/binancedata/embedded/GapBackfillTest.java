package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.sequence.SequenceCheckpoints;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.FakeMarketAndProduct;
import io.binancedata.support.Fixtures;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection losses while the market goes on (one market clock, 20x the recorded pace): what was missed is fetched
 * over REST and written in order, so the files hold every trade id once and every closed candle.
 */
class GapBackfillTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private FakeMarketAndProduct market;
    private FakeExchange exchange;
    private BinanceData binance;

    private void start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("binance.reconnect.delay", "500ms"));
        settings.putAll(extra);
        market = FakeMarketAndProduct.start(dir, settings);
        exchange = market.exchange();
        binance = market.binance();
    }

    private void stopProduct() {
        market.stopProduct();
    }

    @AfterEach
    void stop() {
        if (market != null) {
            market.close();
        }
    }

    @Test
    void shouldFillTheTradesMissedDuringAReconnect() {
        start(Map.of());
        exchange.faults().resetAfterFrames(100, 2);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.reconnects() == 2 && status.state() == StreamState.STREAMING
                && status.messages() > 400);
        stopProduct();
        assertThat(status.backfilled()).isPositive();
        assertThat(status.gapsUnfilled()).isZero();
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        long first = trades.get(0).get("tradeId").asLong();
        int offset = (int) (first - Fixtures.BTCUSDT_FIRST_ID);
        List<String> source = Fixtures.btcusdtPayloads().subList(offset, offset + trades.size());
        for (int i = 0; i < trades.size(); i++) {
            JsonNode expected = SbeFiles.parse(source.get(i));
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #" + i).isEqualTo(first + i);
            assertThat(trades.get(i).get("price").asText()).isEqualTo(SbeFiles.exact(expected.get("p").asText()));
            assertThat(trades.get(i).get("quantity").asText()).isEqualTo(SbeFiles.exact(expected.get("q").asText()));
            assertThat(trades.get(i).get("tradeTime").asLong()).isEqualTo(expected.get("T").asLong() * 1000);
        }
    }

    @Test
    void shouldFillTheClosedCandlesMissedDuringAReconnect() throws Exception {
        start(Map.of());
        exchange.faults().resetAfterFrames(5, 1);
        binance.startOhlcvData(List.of("BTCUSDT"), List.of("1s"));
        StreamStatus status = binance.stream("kline-btcusdt-1s").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.reconnects() == 1 && status.messages() > 60);
        stopProduct();
        assertThat(status.backfilled()).isPositive();
        assertThat(status.gapsUnfilled()).isZero();
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("kline_1s/BTCUSDT"))) {
            file = files.sorted().findFirst().orElseThrow();
        }
        List<JsonNode> klines = SbeFiles.decode(file);
        for (int i = 1; i < klines.size(); i++) {
            assertThat(klines.get(i).get("closed").asBoolean()).isTrue();
            assertThat(klines.get(i).get("openTime").asLong()).as("candle #" + i)
                    .isGreaterThan(klines.get(i - 1).get("openTime").asLong());
            assertThat(klines.get(i).get("firstTradeId").asLong()).as("candle #" + i + " follows the previous one")
                    .isEqualTo(klines.get(i - 1).get("lastTradeId").asLong() + 1);
        }
    }

    @Test
    void shouldBackfillWhatHappenedWhileTheProcessWasStopped() throws Exception {
        start(Map.of());
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus first = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> first.messages() > 200);
        stopProduct();
        String checkpoint = new SequenceCheckpoints(dir.resolve("state")).load("trade-btcusdt").orElseThrow();
        assertThat(checkpoint).startsWith("trade ");
        long lastWritten = Long.parseLong(checkpoint.substring("trade ".length()));
        await().atMost(TIMEOUT).until(() -> tradeHappened(lastWritten + 300));

        try (BinanceData restarted = BinanceData.start(BinanceSettings.of(market.settings()))) {
            restarted.startTradeData(List.of("BTCUSDT"));
            StreamStatus second = restarted.stream("trade-btcusdt").orElseThrow();
            await().atMost(TIMEOUT).until(() -> second.messages() > 400);
            assertThat(second.backfilled()).isGreaterThanOrEqualTo(300);
            assertThat(second.gapsUnfilled()).isZero();
        }
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        long firstId = trades.get(0).get("tradeId").asLong();
        for (int i = 0; i < trades.size(); i++) {
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #" + i + " across the restart")
                    .isEqualTo(firstId + i);
        }
        assertThat(trades.get(trades.size() - 1).get("tradeId").asLong()).isGreaterThan(lastWritten + 300);
    }

    /**
     * A run of the stream to an EventProcessor between two runs to the sinks: its trades did not reach the sinks, so
     * the second run to them backfills them (they shared one position: the files missed them, and nothing said so).
     */
    @Test
    void shouldBackfillForTheSinksWhatARunToAnEventProcessorTook() throws Exception {
        start(Map.of());
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus toSinks = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> toSinks.messages() > 100);
        binance.stopTradeData(List.of("BTCUSDT"));
        List<Long> processed = new CopyOnWriteArrayList<>();
        binance.startTradeData(List.of("BTCUSDT"), (streamId, buffer, offset, length) ->
                processed.add(SbeFiles.decode(buffer, offset, length).get("tradeId").asLong()));
        await().atMost(TIMEOUT).until(() -> processed.size() > 100);
        binance.stopTradeData(List.of("BTCUSDT"));
        long lastProcessed = processed.get(processed.size() - 1);
        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus again = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> again.messages() > processed.size() + 100);
        assertThat(again.gapsUnfilled()).isZero();
        stopProduct();

        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        long firstId = trades.get(0).get("tradeId").asLong();
        for (int i = 0; i < trades.size(); i++) {
            assertThat(trades.get(i).get("tradeId").asLong()).as("trade #" + i + " across the three runs")
                    .isEqualTo(firstId + i);
        }
        assertThat(trades.get(trades.size() - 1).get("tradeId").asLong()).isGreaterThan(lastProcessed);
        assertThat(new SequenceCheckpoints(dir.resolve("state")).load("trade-btcusdt@processor"))
                .contains("trade " + lastProcessed);
    }

    /** Whether the exchange's market has reached this trade id (it is served by historicalTrades). */
    private boolean tradeHappened(long id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                exchange.restUrl() + "/api/v3/historicalTrades?symbol=BTCUSDT&limit=1&fromId=" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && !"[]".equals(response.body().trim());
    }

    @Test
    void shouldWaitForRetryAfterWhenTheUpgradeIsRateLimited() {
        start(Map.of("binance.reconnect.delay", "100ms"));
        exchange.faults().rejectUpgrades(1, 429, Duration.ofSeconds(2));
        binance.startTradeData(List.of("BTCUSDT"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> exchange.stats().upgradesRejected() == 1 && exchange.stats().connectionsAccepted() == 0);
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING);
        assertThat(exchange.stats().upgradesRejected()).isEqualTo(1);
    }
}
