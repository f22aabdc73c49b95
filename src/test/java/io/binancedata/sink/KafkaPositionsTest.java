package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.binancedata.fake.Kline;
import io.binancedata.fake.KlineAggregator;
import io.binancedata.fake.TapeTrade;
import io.binancedata.fake.TradeTape;
import io.binancedata.rest.BackfillFrames;
import io.binancedata.rest.RestKline;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.Fixtures;
import io.binancedata.support.LogCapture;
import io.binancedata.support.SbeFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link KafkaPositions} against a real broker (KRaft, in this JVM), on records made as the Kafka sink makes them: real
 * recorded frames through each stream's own pipeline, key and headers by {@link KafkaRecords}, sent by a producer
 * configured as the sink's. Every position is asserted exactly, and against the stream's own guard where it saw the
 * same events.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaPositionsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String LTC = "LTCUSDT";
    private static final String NON_ASCII = TradeTape.NON_ASCII_SYMBOL;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (producer != null) {
            producer.close();
        }
        kafka.close();
    }

    @Test
    void shouldFindTheLastTradeOfEverySymbolInItsPartition() throws Exception {
        kafka.createTopic("interleaved.trade", 3);
        List<String> recorded = Fixtures.btcusdtPayloads();
        Map<String, List<String>> tapes = new LinkedHashMap<>();
        tapes.put("BTCUSDT", TradeTape.bundledBtcusdt().frames());
        tapes.put("ETHUSDT", TradeTape.bundled().get(1).frames());
        tapes.put(LTC, renamed(recorded.subList(3000, 6000), LTC));
        tapes.put(NON_ASCII, renamed(recorded.subList(6000, 9000), NON_ASCII));
        Map<String, SinkStream> streams = new LinkedHashMap<>();
        List<List<ProducerRecord<String, byte[]>>> perSymbol = new ArrayList<>();
        tapes.forEach((symbol, frames) -> {
            SinkStream stream = SinkStream.trades(symbol);
            streams.put(symbol, stream);
            perSymbol.add(stream.events("interleaved.trade", frames));
        });
        List<ProducerRecord<String, byte[]>> records = interleaved(perSymbol);
        assertThat(records).hasSize(12_000);

        List<RecordMetadata> sent = send(records);
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            assertThat(KafkaPositions.partitionOf(records.get(i).key(), 3)).as("the producer's partition of record %d",
                    i).isEqualTo(sent.get(i).partition());
            partitions.add(sent.get(i).partition());
        }
        assertThat(partitions).as("the symbols are spread over every partition").containsExactlyInAnyOrder(0, 1, 2);

        Map<String, String> positions;
        try (KafkaPositions reader = positions()) {
            positions = reader.lastPositions("interleaved.trade", tradeStreams(tapes.keySet()), TIMEOUT).positions();
        }
        assertThat(positions).containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade 3735686258",
                "trade-ethusdt", "trade 1520541924", "trade-ltcusdt", "trade 3735689258",
                "trade-币安人生usdt", "trade 3735692258"));
        streams.values().forEach(s -> assertThat(positions.get(s.id())).isEqualTo(s.guardPosition()));
    }

    @Test
    void shouldReadFurtherBackInLargerWindowsUntilTheLimit() throws Exception {
        kafka.createTopic("deep.trade", 1);
        List<String> btc = TradeTape.bundledBtcusdt().frames().subList(0, 1000);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(SinkStream.trades("BTCUSDT").events("deep.trade",
                btc));
        records.addAll(SinkStream.trades("ETHUSDT").events("deep.trade", TradeTape.bundled().get(1).frames()));
        records.addAll(SinkStream.trades(NON_ASCII).events("deep.trade", TradeTape.bundled().get(2).frames()));
        long btcLastSent = send(records).get(btc.size() - 1).timestamp();
        Map<String, Set<String>> wanted = tradeStreams(List.of("BTCUSDT", "ETHUSDT"));

        try (KafkaPositions reader = positions()) {
            KafkaPositions.Ends ends = reader.lastPositions("deep.trade", wanted, TIMEOUT);
            assertThat(ends.positions()).as("6,000 records after BTCUSDT's last: found in the third window (1,024 + "
                    + "4,096 + 16,384)").containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade 3735684258",
                    "trade-ethusdt", "trade 1520541924"));
            assertThat(ends.olderThanLimit()).isEmpty();
        }
        try (KafkaPositions reader = new KafkaPositions(consumerProperties(), 5000);
             LogCapture log = new LogCapture(KafkaPositions.class)) {
            KafkaPositions.Ends ends = reader.lastPositions("deep.trade", wanted, TIMEOUT);
            assertThat(ends.positions()).as("beyond the limit of 5,000")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-ethusdt", "trade 1520541924"));
            assertThat(ends.olderThanLimit()).as("left out, with the time its last record is older than")
                    .containsOnlyKeys("trade-btcusdt");
            assertThat(ends.olderThanLimit().get("trade-btcusdt")).isGreaterThanOrEqualTo(btcLastSent);
            assertThat(log.eventsContaining("WARN Topic deep.trade partition 0: the last 5000 records (the limit) do "
                    + "not hold the end of [trade-btcusdt]")).hasSize(1);
        }
    }

    @Test
    void shouldTellKlineIntervalsOfOneKeyApartWithExactTimesAndTradeIds() throws Exception {
        kafka.createTopic("btc.kline", 3);
        List<TapeTrade> trades = trades(TradeTape.bundledBtcusdt());
        List<Kline> minutes = KlineAggregator.aggregate(trades, KlineInterval.MINUTE_1);
        List<Kline> seconds = KlineAggregator.aggregate(trades, KlineInterval.SECOND_1);
        assertThat(minutes).hasSize(3);
        assertThat(seconds.size()).isGreaterThan(100);
        SinkStream minute = new SinkStream(StreamKey.kline("BTCUSDT", "1m"), true);
        SinkStream second = new SinkStream(StreamKey.kline("BTCUSDT", "1s"), false);
        // the 1m candles closed, then an update of the open one; the 1s candles final only; in time order
        Kline open = minutes.get(2);
        long openUpdateTime = open.openTime() + 1;
        List<Timed> timed = new ArrayList<>();
        for (Kline k : minutes) {
            long eventTime = k == open ? openUpdateTime : k.closeTime() + 2;
            minute.events("btc.kline", List.of(k.eventJson("\"BTCUSDT\"", eventTime, k != open)))
                    .forEach(record -> timed.add(new Timed(eventTime, record)));
        }
        for (Kline k : seconds) {
            long eventTime = k.closeTime() + 3;
            second.events("btc.kline", List.of(k.eventJson("\"BTCUSDT\"", eventTime, true)))
                    .forEach(record -> timed.add(new Timed(eventTime, record)));
        }
        timed.sort(Comparator.comparingLong(Timed::time));
        List<ProducerRecord<String, byte[]>> records = timed.stream().map(Timed::record).toList();
        assertThat(records).hasSize(minutes.size() + seconds.size());
        send(records);
        Kline lastSecond = seconds.get(seconds.size() - 1);
        Map<String, Set<String>> wanted = Map.of("BTCUSDT", Set.of(minute.id(), second.id()));
        try (KafkaPositions reader = positions()) {
            Map<String, String> live = reader.lastPositions("btc.kline", wanted, TIMEOUT).positions();
            assertThat(live).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "kline-btcusdt-1m", "kline " + open.openTime() + " " + openUpdateTime + " " + open.closeTime()
                            + " false " + open.firstTradeId(),
                    "kline-btcusdt-1s", "kline " + lastSecond.openTime() + " " + (lastSecond.closeTime() + 3) + " "
                            + lastSecond.closeTime() + " true " + (lastSecond.lastTradeId() + 1)));
            assertThat(live.get(minute.id())).isEqualTo(minute.guardPosition()).contains(" 1723161360000 ");
            assertThat(live.get(second.id())).isEqualTo(second.guardPosition()).endsWith(" 3735686259");

            // the last 1s record the next candle, fetched over REST to fill a gap, without trades: no event time, no
            // trade ids; the next candle's first trade id still the one after the last candle with trades
            long bucket = lastSecond.openTime() + 1000;
            send(List.of(second.backfilled("btc.kline", BackfillFrames.kline("BTCUSDT", "1s",
                    new RestKline(bucket, "61724.6", "61724.6", "61724.6", "61724.6", "0", bucket + 999, "0", 0, "0",
                            "0"), -1))));
            assertThat(reader.lastPositions("btc.kline", wanted, TIMEOUT).positions()).containsEntry(second.id(),
                    "kline " + bucket + " " + (bucket + 1000) + " " + (bucket + 999) + " true "
                    + (lastSecond.lastTradeId() + 1)).containsEntry(minute.id(), live.get(minute.id()));
        }
    }

    /**
     * A gap left unfilled is not in the topic, but its missing candles are: after them the first trade id of the next
     * candle is unknown, as to the guard that wrote them, even when candles without trades followed.
     */
    @Test
    void shouldNotKnowTheNextFirstTradeIdAfterAMissingCandle() throws Exception {
        kafka.createTopic("gap.kline", 1);
        List<Kline> seconds = KlineAggregator.aggregate(trades(TradeTape.bundledBtcusdt()), KlineInterval.SECOND_1)
                .subList(0, 10);
        Kline last = seconds.get(seconds.size() - 1);
        SinkStream contiguous = SinkStream.klines("BTCUSDT", "1s", false);
        SinkStream gap = SinkStream.klines("ETHUSDT", "1s", false);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (Kline k : seconds) {
            long eventTime = k.closeTime() + 1;
            records.addAll(contiguous.events("gap.kline", List.of(k.eventJson("\"BTCUSDT\"", eventTime, true))));
            records.addAll(gap.events("gap.kline", List.of(k.eventJson("\"ETHUSDT\"", eventTime, true))));
        }
        for (int bucket = 1; bucket <= 3; bucket++) {
            Kline quiet = withoutTrades(last, last.openTime() + bucket * 1000L);
            records.addAll(contiguous.events("gap.kline", List.of(quiet.eventJson("\"BTCUSDT\"",
                    quiet.closeTime() + 1, true))));
            if (bucket != 1) {
                records.addAll(gap.events("gap.kline", List.of(quiet.eventJson("\"ETHUSDT\"",
                        quiet.closeTime() + 1, true))));
            }
        }
        send(records);

        try (KafkaPositions reader = positions()) {
            Map<String, String> ends = reader.lastPositions("gap.kline", Map.of("BTCUSDT", Set.of(contiguous.id()),
                    "ETHUSDT", Set.of(gap.id())), TIMEOUT).positions();
            long open = last.openTime() + 3000;
            assertThat(ends).containsExactlyInAnyOrderEntriesOf(Map.of(
                    contiguous.id(), "kline " + open + " " + (open + 1000) + " " + (open + 999) + " true "
                            + (last.lastTradeId() + 1),
                    gap.id(), "kline " + open + " " + (open + 1000) + " " + (open + 999) + " true "
                            + Long.MIN_VALUE));
            assertThat(ends.get(contiguous.id())).isEqualTo(contiguous.guardPosition());
            assertThat(ends.get(gap.id())).isEqualTo(gap.guardPosition());
        }
    }

    @Test
    void shouldTakeTheLastMessageOfABatchRecord() throws Exception {
        kafka.createTopic("batch.trade", 1);
        List<String> frames = TradeTape.bundledBtcusdt().frames().subList(0, 1000);
        SinkStream btc = SinkStream.trades("BTCUSDT");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(btc.events("batch.trade",
                frames.subList(0, 100)));
        for (int from = 100; from < 1000; from += 300) {
            records.add(btc.batch("batch.trade", frames.subList(from, from + 300)));
        }
        SinkStream eth = SinkStream.trades("ETHUSDT");
        records.add(eth.batch("batch.trade", TradeTape.bundled().get(1).frames().subList(0, 2)));
        records.addAll(eth.events("batch.trade", TradeTape.bundled().get(1).frames().subList(2, 10)));
        send(records);

        try (KafkaPositions reader = positions()) {
            assertThat(reader.lastPositions("batch.trade", tradeStreams(List.of("BTCUSDT", "ETHUSDT")), TIMEOUT)
                    .positions())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade 3735684258",
                            "trade-ethusdt", "trade 1520538934"))
                    .containsEntry(btc.id(), btc.guardPosition());
        }
    }

    /** A gap left unfilled and filled at a later start is written after newer trades: the end is the newest trade. */
    @Test
    void shouldTakeTheNewestTradeWhenALateFillCameLast() throws Exception {
        kafka.createTopic("late.trade", 1);
        List<String> frames = TradeTape.bundledBtcusdt().frames().subList(0, 30);
        SinkStream btc = SinkStream.trades("BTCUSDT");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(btc.events("late.trade", frames.subList(0, 10)));
        records.addAll(btc.events("late.trade", frames.subList(20, 30)));
        frames.subList(10, 20).forEach(frame -> records.add(btc.backfilled("late.trade", frame)));
        send(records);

        try (KafkaPositions reader = positions()) {
            assertThat(reader.lastPositions("late.trade", tradeStreams(List.of("BTCUSDT")), TIMEOUT).positions())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade "
                            + SbeFiles.parse(frames.get(29)).get("t").asLong()));
        }
    }

    /** The same when the late fill is the only record of the stream in the newest window read. */
    @Test
    void shouldReadOnPastAWindowHoldingOnlyALateFill() throws Exception {
        kafka.createTopic("later.trade", 1);
        List<String> frames = TradeTape.bundledBtcusdt().frames().subList(0, 30);
        SinkStream btc = SinkStream.trades("BTCUSDT");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(btc.events("later.trade", frames.subList(20,
                30)));
        records.addAll(SinkStream.trades("ETHUSDT").events("later.trade", TradeTape.bundled().get(1).frames()
                .subList(0, 2_000)));
        frames.subList(0, 20).forEach(frame -> records.add(btc.backfilled("later.trade", frame)));
        send(records);

        try (KafkaPositions reader = positions()) {
            assertThat(reader.lastPositions("later.trade", tradeStreams(List.of("BTCUSDT")), TIMEOUT).positions())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade "
                            + SbeFiles.parse(frames.get(29)).get("t").asLong()));
        }
    }

    @Test
    void shouldLeaveOutStreamsWithoutARecord() throws Exception {
        kafka.createTopic("empty.trade", 3);
        kafka.createTopic("some.trade", 3);
        send(SinkStream.trades("BTCUSDT").events("some.trade", TradeTape.bundledBtcusdt().frames().subList(0, 5)));
        Map<String, Set<String>> wanted = new LinkedHashMap<>(tradeStreams(List.of("BTCUSDT", "ETHUSDT",
                "NOSUCHUSDT")));
        wanted.put("BTCUSDT", Set.of("trade-btcusdt", "kline-btcusdt-1m"));

        try (KafkaPositions reader = positions()) {
            assertThat(reader.lastPositions("empty.trade", wanted, TIMEOUT).positions()).isEmpty();
            assertThat(reader.lastPositions("no.such.topic", wanted, TIMEOUT).positions()).isEmpty();
            assertThat(reader.lastPositions("some.trade", wanted, TIMEOUT).positions())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade 3735683263"));
        }
    }

    @Test
    void shouldSkipARecordThatIsNoSbeMessageAndFindTheGoodOneBeforeIt() throws Exception {
        kafka.createTopic("bad.trade", 1);
        SinkStream btc = SinkStream.trades("BTCUSDT");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(
                btc.events("bad.trade", TradeTape.bundledBtcusdt().frames().subList(0, 100)));
        Map<String, Object> headers = Map.of(KafkaRecords.KEY, "BTCUSDT", StreamHeaders.STREAM_ID,
                utf8("trade-btcusdt"), StreamHeaders.BACKFILLED, utf8("false"));
        records.add(SinkStream.record("bad.trade", headers, utf8("{\"e\":\"trade\",\"t\":3735699999}")));
        ProducerRecord<String, byte[]> batch = btc.batch("bad.trade", TradeTape.bundledBtcusdt().frames()
                .subList(100, 103));
        byte[] torn = Arrays.copyOf(batch.value(), batch.value().length - 1);
        records.add(new ProducerRecord<>("bad.trade", null, "BTCUSDT", torn, batch.headers()));
        send(records);

        try (KafkaPositions reader = positions(); LogCapture log = new LogCapture(KafkaPositions.class)) {
            assertThat(reader.lastPositions("bad.trade", tradeStreams(List.of("BTCUSDT")), TIMEOUT).positions())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-btcusdt", "trade 3735683358"));
            assertThat(log.eventsContaining("WARN Topic bad.trade partition 0 offset 100: skipping a record of "
                    + "stream trade-btcusdt that does not decode")).hasSize(1);
            assertThat(log.eventsContaining("WARN Topic bad.trade partition 0 offset 101: skipping a record of "
                    + "stream trade-btcusdt that does not decode: framed batch of")).hasSize(1);
        }
    }

    @Test
    void shouldReadWithTheConsumerPropertiesOfACamelKafkaEndpoint() throws Exception {
        kafka.createTopic("camel.trade", 3);
        send(SinkStream.trades("ETHUSDT").events("camel.trade", TradeTape.bundled().get(1).frames().subList(0, 7)));
        // the recipe for a sink's kafka: URI: camel-kafka's consumer properties (security settings included) lack the
        // brokers and ask for auto commit, without a group: KafkaPositions switches auto commit off
        Properties properties;
        try (CamelContext camel = new DefaultCamelContext()) {
            KafkaConfiguration configuration = camel.getEndpoint("kafka:camel.trade?brokers="
                    + kafka.bootstrapServers() + "&groupId=binance", KafkaEndpoint.class).getConfiguration();
            properties = configuration.createConsumerProperties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        }
        assertThat(properties).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true)
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaPositions reader = new KafkaPositions(properties)) {
            assertThat(reader.lastPositions("camel.trade", tradeStreams(List.of("ETHUSDT")), TIMEOUT).positions())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("trade-ethusdt", "trade 1520538931"));
        }
    }

    /** A record and the event time it is sent in the order of. */
    private record Timed(long time, ProducerRecord<String, byte[]> record) {
    }

    private static KafkaPositions positions() {
        return new KafkaPositions(consumerProperties());
    }

    private static Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return properties;
    }

    /** Sends in order and waits for every acknowledgement; the metadata of each record, in order. */
    private static List<RecordMetadata> send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(record -> sent.add(producer.send(record)));
        producer.flush();
        List<RecordMetadata> metadata = new ArrayList<>(sent.size());
        for (Future<RecordMetadata> future : sent) {
            metadata.add(future.get());
        }
        return metadata;
    }

    private static Map<String, Set<String>> tradeStreams(Iterable<String> symbols) {
        Map<String, Set<String>> streams = new LinkedHashMap<>();
        symbols.forEach(symbol -> streams.put(symbol, Set.of(StreamKey.trade(symbol).id())));
        return streams;
    }

    /** One record of each list in turn, until all are taken. */
    private static List<ProducerRecord<String, byte[]>> interleaved(List<List<ProducerRecord<String, byte[]>>> lists) {
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>();
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<ProducerRecord<String, byte[]>> list : lists) {
                if (i < list.size()) {
                    all.add(list.get(i));
                }
            }
        }
        return all;
    }

    private static List<String> renamed(List<String> btcusdtFrames, String symbol) {
        return btcusdtFrames.stream().map(f -> f.replace("\"s\":\"BTCUSDT\"", "\"s\":\"" + symbol + "\"")).toList();
    }

    private static List<TapeTrade> trades(TradeTape tape) {
        List<TapeTrade> trades = new ArrayList<>(tape.size());
        for (int i = 0; i < tape.size(); i++) {
            trades.add(tape.trade(i));
        }
        return trades;
    }

    /** The candle of the 1s bucket at {@code openTime} when nothing traded in it, at {@code before}'s close price. */
    private static Kline withoutTrades(Kline before, long openTime) {
        BigDecimal price = before.close();
        return new Kline(KlineInterval.SECOND_1, openTime, openTime + 999, -1, -1, price, price, price, price,
                BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
