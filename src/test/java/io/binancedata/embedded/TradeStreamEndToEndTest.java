package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamState;
import io.binancedata.support.Fixtures;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real recorded trades from a fake exchange on 127.0.0.1, through the product, into files and processors. */
public class TradeStreamEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static FakeExchange exchange;
    private static List<String> btcusdt;

    @BeforeAll
    static void startExchange() {
        btcusdt = Fixtures.btcusdtPayloads();
        TradeTape btc = Fixtures.btcusdtTape();
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(btc).tape(btc.renamed(TradeTape.NON_ASCII_SYMBOL)));
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    @Test
    void shouldWriteEveryRecordedTradeToDailyFilesWithExactValuesInOrder(@TempDir Path dir) {
        try (BinanceData binance = Product.start(exchange, dir)) {
            StartResult result = binance.startTradeData(List.of("btcusdt"));
            assertThat(result.started()).containsExactly("trade-btcusdt");

            await().atMost(TIMEOUT).until(() -> binance.stream("trade-btcusdt").orElseThrow().messages()
                    >= Fixtures.BTCUSDT_TRADES);
            assertThat(binance.stream("trade-btcusdt").orElseThrow().state()).isEqualTo(StreamState.STREAMING);
            assertThat(binance.stream("trade-btcusdt").orElseThrow().deadLettered()).isZero();
        }
        Path folder = dir.resolve("trade/BTCUSDT");
        assertThat(folder.toFile().list()).containsExactlyInAnyOrder("2024-08-08.sbe", "2024-08-09.sbe");
        List<JsonNode> first = SbeFiles.decode(folder.resolve("2024-08-08.sbe"));
        List<JsonNode> second = SbeFiles.decode(folder.resolve("2024-08-09.sbe"));
        long midnight = java.time.Instant.parse("2024-08-09T00:00:00Z").toEpochMilli();
        long beforeMidnight = btcusdt.stream().filter(p -> SbeFiles.parse(p).get("E").asLong() < midnight).count();
        assertThat(beforeMidnight).isEqualTo(9_738);
        assertThat(first).as("files are split by exchange event time (UTC)").hasSize(9_738);
        assertThat(second).hasSize(Fixtures.BTCUSDT_TRADES - 9_738);
        List<JsonNode> decoded = new java.util.ArrayList<>(first);
        decoded.addAll(second);
        assertTradesEqualSource(decoded, btcusdt, "BTCUSDT");
    }

    @Test
    void shouldDeliverEveryTradeToAnEventProcessorInOrder(@TempDir Path dir) {
        ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
        try (BinanceData binance = Product.start(exchange, dir)) {
            binance.startTradeData(List.of("BTCUSDT"), (streamId, buffer, offset, length) -> {
                byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                received.add(copy);
            });
            await().atMost(TIMEOUT).until(() -> received.size() >= Fixtures.BTCUSDT_TRADES);
        }
        List<JsonNode> decoded = received.stream()
                .map(bytes -> SbeFiles.decode(new UnsafeBuffer(bytes), 0, bytes.length)).toList();
        assertTradesEqualSource(decoded, btcusdt, "BTCUSDT");
        assertThat(dir.resolve("trade").toFile()).doesNotExist();
    }

    @Test
    void shouldStreamASymbolWithANonAsciiName(@TempDir Path dir) {
        String symbol = TradeTape.NON_ASCII_SYMBOL;
        try (BinanceData binance = Product.start(exchange, dir)) {
            StartResult result = binance.startTradeData(List.of(symbol.toLowerCase(java.util.Locale.ROOT)));
            String id = "trade-" + symbol.toLowerCase(java.util.Locale.ROOT);
            assertThat(result.started()).containsExactly(id);
            await().atMost(TIMEOUT).until(() -> binance.stream(id).orElseThrow().messages() >= Fixtures.BTCUSDT_TRADES);
        }
        Path folder = dir.resolve("trade").resolve(symbol);
        List<JsonNode> decoded = SbeFiles.decode(folder.resolve("2024-08-08.sbe"), folder.resolve("2024-08-09.sbe"));
        assertTradesEqualSource(decoded, btcusdt, symbol);
    }

    public static void assertTradesEqualSource(List<JsonNode> decoded, List<String> source, String symbol) {
        assertThat(decoded).hasSize(source.size());
        for (int i = 0; i < source.size(); i++) {
            JsonNode expected = SbeFiles.parse(source.get(i));
            JsonNode actual = decoded.get(i);
            String where = "trade #" + i + " " + source.get(i);
            assertThat(actual.get("type").asText()).as(where).isEqualTo("Trade");
            assertThat(actual.get("tradeId").asLong()).as(where).isEqualTo(expected.get("t").asLong());
            assertThat(actual.get("eventTime").asLong()).as(where).isEqualTo(expected.get("E").asLong() * 1000);
            assertThat(actual.get("tradeTime").asLong()).as(where).isEqualTo(expected.get("T").asLong() * 1000);
            assertThat(actual.get("price").asText()).as(where).isEqualTo(SbeFiles.exact(expected.get("p").asText()));
            assertThat(actual.get("quantity").asText()).as(where).isEqualTo(SbeFiles.exact(expected.get("q").asText()));
            assertThat(actual.get("buyerIsMaker").asBoolean()).as(where).isEqualTo(expected.get("m").asBoolean());
            assertThat(actual.get("symbol").asText()).as(where).isEqualTo(symbol);
            assertThat(actual.get("receiveTime").asLong()).as(where).isPositive();
        }
    }
}
