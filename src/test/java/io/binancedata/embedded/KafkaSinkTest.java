package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.fake.TradeTape;
import io.binancedata.spool.SpoolEndpoint;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real recorded trades from the fake exchange, through the product, to a real Kafka broker (KRaft, in this JVM): read
 * back with a plain consumer, every trade id once, exact, in order per symbol, with its key and record headers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSinkTest {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;
    private FakeExchange exchange;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @AfterEach
    void stopExchange() {
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void shouldProduceEveryTradeOnceInOrderPerSymbolWithItsKeyAndHeaders() throws Exception {
        Map<String, List<String>> tapes = tapes(1000, "BTCUSDT", "ETHUSDT", TradeTape.NON_ASCII_SYMBOL);
        startExchange(tapes, FakeExchangeOptions.defaults().maxSpeed());
        kafka.createTopic("binance.trade", PARTITIONS);
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.sink.trade", "sbe-file:" + dir + ",kafka:binance.trade?brokers="
                + kafka.bootstrapServers());
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.startTradeData(tapes.keySet());
            SpoolEndpoint spool = kafkaSpool(binance);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> kafka.count("binance.trade") >= 3000 && spool.getSpoolDepth() == 0);
            LOG.info("Kafka sink (counting batches): {}", spool.counters());
        }
        List<ConsumerRecord<String, byte[]>> records = kafka.records("binance.trade");
        assertThat(records).hasSize(3000);
        assertEveryTradeOnceInOrder(records, tapes);
        for (ConsumerRecord<String, byte[]> record : records) {
            String id = "trade-" + record.key().toLowerCase(java.util.Locale.ROOT);
            assertThat(headers(record)).as("headers of %s", record)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("BinanceStreamId", id, "BinanceSbeSchemaId", "7201",
                            "BinanceSbeSchemaVersion", "2", "BinanceSbeTemplateId", "1",
                            "BinanceBackfilled", "false"));
        }
    }

    @Test
    void shouldLoseNothingWhenTheBrokerIsStoppedAndRestartedMidStream() throws Exception {
        Map<String, List<String>> tapes = tapes(1500, "BTCUSDT", "ETHUSDT");
        startExchange(tapes, FakeExchangeOptions.defaults().speed(10));
        kafka.createTopic("outage.trade", PARTITIONS);
        Map<String, String> settings = Product.ownConnectionSettings(exchange, dir);
        settings.put("binance.sink.trade", "kafka:outage.trade?brokers=" + kafka.bootstrapServers());
        long failedAttempts;
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.startTradeData(tapes.keySet());
            SpoolEndpoint spool = kafkaSpool(binance);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> kafka.count("outage.trade") >= 300);
            long streamedAtStop = binance.stream("trade-btcusdt").orElseThrow().messages();
            long stop = System.nanoTime();
            kafka.stopBroker();
            long stopped = System.nanoTime();
            await().atMost(PATIENCE).until(() -> spool.getSpoolDepth() >= 5
                    && "OPEN".equals(spool.getCircuitBreakerState()));
            long spooling = System.nanoTime();
            kafka.startBroker();
            long started = System.nanoTime();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> spool.getSpoolDepth() == 0 && kafka.count("outage.trade") >= 3000);
            LOG.info("Kafka outage (counting batches): broker stopped after {} BTCUSDT trades in {} ms; spooling {} "
                    + "ms later; started again in {} ms; spool drained {} ms later; {}", streamedAtStop,
                    millis(stop, stopped), millis(stopped, spooling), millis(spooling, started),
                    millis(started, System.nanoTime()), spool.counters());
            assertThat(streamedAtStop).as("the broker was stopped mid-stream").isLessThan(1500);
            assertThat(spool.getSpooledCount()).as("batches spooled").isGreaterThanOrEqualTo(5);
            assertThat(spool.getRejectedCount()).isZero();
            assertThat(binance.stream("trade-btcusdt").orElseThrow().deadLettered()).isZero();
            failedAttempts = spool.counters().failedAttempts();
        }
        List<ConsumerRecord<String, byte[]>> records = kafka.records("outage.trade");
        int repeats = assertEveryTradeInOrderRepeatedOnlyWhole(records, tapes);
        assertThat(repeats).as("batches written twice (README: only a delivery that failed after the broker had"
                + " written it is produced again)").isLessThanOrEqualTo((int) failedAttempts);
        LOG.info("Kafka outage: {} records, {} batch(es) written twice, {} failed attempts", records.size(), repeats,
                failedAttempts);
    }

    /**
     * Per symbol, in offset order: the tape exactly, once, except batches whose delivery failed although the broker had
     * written them (their acknowledgement lost in the outage), which the spool produces again before anything newer:
     * such a repeat is the run of trade ids written last, in order, each decoding to exactly what it did the first
     * time. Returns the number of repeated runs.
     */
    private static int assertEveryTradeInOrderRepeatedOnlyWhole(List<ConsumerRecord<String, byte[]>> records,
                                                                Map<String, List<String>> tapes) {
        int runs = 0;
        for (Map.Entry<String, List<String>> tape : tapes.entrySet()) {
            String symbol = tape.getKey();
            List<JsonNode> firsts = new ArrayList<>();
            Map<Long, JsonNode> written = new HashMap<>();
            long last = Long.MIN_VALUE;
            Long nextRepeat = null;
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!symbol.equals(record.key())) {
                    continue;
                }
                JsonNode trade = SbeFiles.decode(new UnsafeBuffer(record.value()), 0, record.value().length);
                long id = trade.get("tradeId").asLong();
                JsonNode first = written.putIfAbsent(id, trade);
                if (first == null) {
                    if (nextRepeat != null) {
                        assertThat(nextRepeat - 1).as(symbol + ": the repeat before trade " + id
                                + " ends with the last trade written").isEqualTo(last);
                    }
                    nextRepeat = null;
                    last = id;
                    firsts.add(trade);
                } else {
                    assertThat(trade).as(symbol + ": trade " + id + " written again as it was").isEqualTo(first);
                    if (nextRepeat == null) {
                        runs++;
                    } else {
                        assertThat(id).as(symbol + ": a repeat in order").isEqualTo(nextRepeat);
                    }
                    nextRepeat = id + 1;
                }
            }
            assertThat(records.stream().filter(r -> symbol.equals(r.key())).map(ConsumerRecord::partition).distinct())
                    .as(symbol + ": one partition").hasSize(1);
            TradeStreamEndToEndTest.assertTradesEqualSource(firsts, tape.getValue(), symbol);
        }
        return runs;
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    @Test
    void shouldMarkTradesFetchedOverRestToFillAGapAsBackfilled() throws Exception {
        List<String> frames = tapes(1500, "BTCUSDT").get("BTCUSDT");
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(20).replayMode(ReplayMode.GLOBAL_CLOCK)
                .loop(false).pingInterval(Duration.ofMillis(300)).tape(TradeTape.ofFrames("BTCUSDT", frames)));
        exchange.faults().resetAfterFrames(100, 1);
        kafka.createTopic("backfill.trade", PARTITIONS);
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.reconnect.delay", "500ms");
        settings.put("binance.sink.trade", "kafka:backfill.trade?brokers=" + kafka.bootstrapServers());
        long lastEventTime = SbeFiles.parse(frames.get(frames.size() - 1)).get("E").asLong() * 1000;
        long backfilled;
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.startTradeData(List.of("BTCUSDT"));
            StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
            SpoolEndpoint spool = kafkaSpool(binance);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> status.lastEventTimeMicros() == lastEventTime && spool.getSpoolDepth() == 0
                            && kafka.count("backfill.trade") == status.messages());
            backfilled = status.backfilled();
            assertThat(status.gapsUnfilled()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = kafka.records("backfill.trade");
        long firstId = SbeFiles.decode(new UnsafeBuffer(records.get(0).value()), 0, records.get(0).value().length)
                .get("tradeId").asLong();
        long marked = 0;
        for (int i = 0; i < records.size(); i++) {
            byte[] value = records.get(i).value();
            JsonNode trade = SbeFiles.decode(new UnsafeBuffer(value), 0, value.length);
            assertThat(trade.get("tradeId").asLong()).as("record #%d", i).isEqualTo(firstId + i);
            boolean isBackfill = "BACKFILL".equals(trade.get("source").asText());
            assertThat(headers(records.get(i))).as("record #%d", i)
                    .containsEntry("BinanceBackfilled", Boolean.toString(isBackfill));
            marked += isBackfill ? 1 : 0;
        }
        assertThat(marked).as("backfilled records").isPositive().isEqualTo(backfilled);
        assertThat(SbeFiles.parse(frames.get(frames.size() - 1)).get("t").asLong())
                .isEqualTo(firstId + records.size() - 1);
    }

    @Test
    void shouldProduceEventsAndWholeBatchesWithoutTheSpool() throws Exception {
        Map<String, List<String>> tapes = tapes(1000, "BTCUSDT");
        startExchange(tapes, FakeExchangeOptions.defaults().maxSpeed());
        kafka.createTopic("direct.trade", PARTITIONS);
        kafka.createTopic("direct.batch", 1);
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.sink.spool", "false");
        settings.put("binance.sink.trade", "kafka:direct.trade?brokers=" + kafka.bootstrapServers()
                + ",kafka:direct.batch?brokers=" + kafka.bootstrapServers() + "&binanceBatch=true");
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.startTradeData(tapes.keySet());
            await().atMost(PATIENCE).until(() -> binance.stream("trade-btcusdt").orElseThrow().messages() >= 1000);
        }
        List<ConsumerRecord<String, byte[]>> events = kafka.records("direct.trade");
        assertEveryTradeOnceInOrder(events, tapes);
        assertThat(events).hasSize(1000);

        List<ConsumerRecord<String, byte[]>> batches = kafka.records("direct.batch");
        assertThat(batches.size()).as("batches, not events").isBetween(1, 999);
        long first = SbeFiles.parse(tapes.get("BTCUSDT").get(0)).get("t").asLong();
        List<byte[]> framed = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> batch : batches) {
            Map<String, String> headers = headers(batch);
            long count = Long.parseLong(headers.get("BinanceMessageCount"));
            assertThat(batch.key()).isEqualTo("BTCUSDT");
            assertThat(Long.parseLong(headers.get("BinanceFirstSequence"))).isEqualTo(first);
            assertThat(Long.parseLong(headers.get("BinanceLastSequence"))).isEqualTo(first + count - 1);
            assertThat(headers).containsEntry("BinanceSbeSchemaId", "7201").containsEntry("BinanceBackfilled", "false");
            first += count;
            framed.add(batch.value());
        }
        Path file = dir.resolve("batches.sbe");
        Files.write(file, concat(framed));
        TradeStreamEndToEndTest.assertTradesEqualSource(SbeFiles.decode(file), tapes.get("BTCUSDT"), "BTCUSDT");
    }

    /** Per symbol: its records all in one partition, their values decoding to exactly its tape, in order. */
    private static void assertEveryTradeOnceInOrder(List<ConsumerRecord<String, byte[]>> records,
                                                    Map<String, List<String>> tapes) {
        for (Map.Entry<String, List<String>> tape : tapes.entrySet()) {
            List<ConsumerRecord<String, byte[]>> ofSymbol = records.stream()
                    .filter(r -> tape.getKey().equals(r.key())).toList();
            assertThat(ofSymbol.stream().map(ConsumerRecord::partition).distinct()).as(tape.getKey()).hasSize(1);
            List<JsonNode> decoded = ofSymbol.stream()
                    .map(r -> SbeFiles.decode(new UnsafeBuffer(r.value()), 0, r.value().length)).toList();
            TradeStreamEndToEndTest.assertTradesEqualSource(decoded, tape.getValue(), tape.getKey());
        }
    }

    private void startExchange(Map<String, List<String>> tapes, FakeExchangeOptions options) {
        tapes.forEach((symbol, frames) -> options.tape(TradeTape.ofFrames(symbol, frames)));
        exchange = FakeExchange.start(options.loop(false));
    }

    /** The first {@code trades} recorded trades of the bundled tape of each symbol. */
    private static Map<String, List<String>> tapes(int trades, String... symbols) {
        Map<String, TradeTape> bundled = new LinkedHashMap<>();
        TradeTape.bundled().forEach(t -> bundled.put(t.symbol(), t));
        Map<String, List<String>> tapes = new LinkedHashMap<>();
        for (String symbol : symbols) {
            tapes.put(symbol, bundled.get(symbol).frames().subList(0, trades));
        }
        return tapes;
    }

    private static SpoolEndpoint kafkaSpool(BinanceData binance) {
        return binance.camelContext().getEndpoints().stream().filter(SpoolEndpoint.class::isInstance)
                .map(SpoolEndpoint.class::cast).filter(e -> e.getDelegate().startsWith("binance-kafka:"))
                .findFirst().orElseThrow();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            assertThat(headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)))
                    .as("header %s once", header.key()).isNull();
        }
        return headers;
    }

    private static byte[] concat(List<byte[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
