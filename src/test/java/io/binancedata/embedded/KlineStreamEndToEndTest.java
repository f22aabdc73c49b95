package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.support.Fixtures;
import io.binancedata.support.Product;
import io.binancedata.support.ReferenceKline;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Klines the fake exchange derives from 19,904 real trades, checked against an aggregation done here. */
class KlineStreamEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MINUTE = 60_000;
    private static FakeExchange exchange;
    private static List<Candle> expected;

    /** A 1m candle computed here from the recorded trades, independently of the fake exchange. */
    record Candle(long openTime, ReferenceKline values) {
    }

    @BeforeAll
    static void startExchange() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Fixtures.btcusdtTape()));
        expected = aggregate(Fixtures.btcusdtPayloads());
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    static List<Candle> aggregate(List<String> payloads) {
        Map<Long, List<JsonNode>> buckets = new TreeMap<>();
        for (String payload : payloads) {
            JsonNode t = SbeFiles.parse(payload);
            buckets.computeIfAbsent(t.get("T").asLong() / MINUTE * MINUTE, k -> new ArrayList<>()).add(t);
        }
        List<Candle> candles = new ArrayList<>();
        buckets.forEach((open, trades) -> candles.add(new Candle(open, ReferenceKline.of(trades))));
        return candles;
    }

    @Test
    void shouldWriteOnlyClosedCandlesEqualToTheTradesAggregate(@TempDir Path dir) throws Exception {
        List<Candle> closed = expected.subList(0, expected.size() - 1);
        assertThat(closed).hasSize(11);
        try (BinanceData binance = Product.start(exchange, dir)) {
            binance.startOhlcvData(List.of("BTCUSDT"), List.of("1m"));
            await().atMost(TIMEOUT).until(() -> binance.stream("kline-btcusdt-1m").orElseThrow().messages()
                    >= closed.size());
        }
        Path folder = dir.resolve("kline_1m/BTCUSDT");
        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.sorted().toList();
        }
        List<JsonNode> decoded = SbeFiles.decode(files.toArray(Path[]::new));
        assertThat(decoded).hasSize(closed.size());
        for (int i = 0; i < closed.size(); i++) {
            assertCandle(decoded.get(i), closed.get(i), true);
        }
    }

    @Test
    void shouldEmitEveryUpdateWhenConfiguredAndCloseEachBucketOnce(@TempDir Path dir) {
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.kline.emit", "all");
        ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.startOhlcvData(List.of("BTCUSDT"), "1m", (id, buffer, offset, length) -> {
                byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                received.add(SbeFiles.decode(new UnsafeBuffer(copy), 0, length));
            });
            await().atMost(TIMEOUT).until(() -> received.stream().filter(k -> k.get("closed").asBoolean()).count()
                    >= expected.size() - 1);
        }
        List<JsonNode> all = List.copyOf(received);
        List<JsonNode> finals = all.stream().filter(k -> k.get("closed").asBoolean()).toList();
        assertThat(finals).hasSize(expected.size() - 1);
        assertThat(all.size()).isGreaterThan(finals.size() * 10);
        for (int i = 0; i < finals.size(); i++) {
            assertCandle(finals.get(i), expected.get(i), true);
        }
        long previousEvent = 0;
        for (JsonNode k : all) {
            assertThat(k.get("eventTime").asLong()).isGreaterThanOrEqualTo(previousEvent);
            previousEvent = k.get("eventTime").asLong();
        }
    }

    private static void assertCandle(JsonNode actual, Candle candle, boolean closed) {
        String where = "candle at " + candle.openTime();
        ReferenceKline k = candle.values();
        assertThat(actual.get("type").asText()).isEqualTo("Kline");
        assertThat(actual.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(actual.get("interval").asText()).isEqualTo("1m");
        assertThat(actual.get("openTime").asLong()).as(where).isEqualTo(candle.openTime() * 1000);
        assertThat(actual.get("closeTime").asLong()).as(where).isEqualTo((candle.openTime() + MINUTE - 1) * 1000);
        assertThat(actual.get("firstTradeId").asLong()).as(where).isEqualTo(k.first());
        assertThat(actual.get("lastTradeId").asLong()).as(where).isEqualTo(k.last());
        assertThat(actual.get("tradeCount").asLong()).as(where).isEqualTo(k.count());
        assertDecimal(actual, "open", k.open(), where);
        assertDecimal(actual, "high", k.high(), where);
        assertDecimal(actual, "low", k.low(), where);
        assertDecimal(actual, "close", k.close(), where);
        assertDecimal(actual, "volume", k.volume(), where);
        assertDecimal(actual, "quoteVolume", k.quote(), where);
        assertDecimal(actual, "takerBuyVolume", k.takerVolume(), where);
        assertDecimal(actual, "takerBuyQuoteVolume", k.takerQuote(), where);
        assertThat(actual.get("closed").asBoolean()).as(where).isEqualTo(closed);
    }

    private static void assertDecimal(JsonNode actual, String field, String binance, String where) {
        assertThat(actual.get(field).asText()).as(where + " " + field).isEqualTo(SbeFiles.exact(binance));
    }
}
