package io.binancedata.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.Kline;
import io.binancedata.fake.KlineAggregator;
import io.binancedata.fake.TapeTrade;
import io.binancedata.fake.TradeTape;
import io.binancedata.limits.HostGate;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sink.SinkStream;
import io.binancedata.stream.StreamKey;
import io.binancedata.support.EmbeddedKafka;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a new leader of a group reads from the Kafka sinks' topics, a real broker in this JVM and the fake exchange
 * over HTTP: a quiet BTCUSDT whose trade and 1s kline records lie beyond the records read back (ETHUSDT wrote 3,000
 * since, the limit is 2,000) continues, in each kind, before the exchange's first event at or after the time of the
 * oldest record read; ETHUSDT from its last record. Record times are set to the tape's, so every position is exact.
 * The quiet streams' questions to the exchange go out together.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaGroupPositionsTest {
    private static final int LIMIT = 2_000;
    private static final int LATER = 3_000;

    @Test
    void shouldContinueQuietTradeAndKlineStreamsBeforeTheExchangesFirstEventSinceTheOldestRecordRead()
            throws Exception {
        TradeTape btc = TradeTape.bundledBtcusdt();
        List<TapeTrade> trades = new ArrayList<>();
        for (int i = 0; i < btc.size(); i++) {
            trades.add(btc.trade(i));
        }
        long quietFrom = btc.trade(btc.size() / 2).tradeTime();
        List<Kline> seconds = KlineAggregator.aggregate(trades, KlineInterval.SECOND_1);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                     .tape(btc));
             CamelContext camel = new DefaultCamelContext()) {
            kafka.createTopic("quiet.trade", 1);
            kafka.createTopic("quiet.kline", 1);
            List<ProducerRecord<String, byte[]>> tradeRecords = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> klineRecords = new ArrayList<>();
            // BTCUSDT until it goes quiet, each record sent 3 ms after its event
            List<String> btcFrames = btc.frames().subList(0, btc.size() / 2);
            List<ProducerRecord<String, byte[]>> btcTrades = SinkStream.trades("BTCUSDT").events("quiet.trade",
                    btcFrames);
            for (int i = 0; i < btcTrades.size(); i++) {
                tradeRecords.add(at(btcTrades.get(i), btc.trade(i).tradeTime() + 3));
            }
            SinkStream btcSeconds = SinkStream.klines("BTCUSDT", "1s", false);
            for (Kline k : seconds) {
                if (k.closeTime() + 3 < quietFrom) {
                    btcSeconds.events("quiet.kline", List.of(k.eventJson("\"BTCUSDT\"", k.closeTime() + 1, true)))
                            .forEach(r -> klineRecords.add(at(r, k.closeTime() + 3)));
                }
            }
            // then 3,000 records of ETHUSDT in each topic, one a millisecond from quietFrom on
            List<String> eth = TradeTape.bundled().get(1).frames().subList(0, LATER);
            List<ProducerRecord<String, byte[]>> ethTrades = SinkStream.trades("ETHUSDT").events("quiet.trade", eth);
            List<ProducerRecord<String, byte[]>> ethKlines = SinkStream.trades("ETHUSDT").events("quiet.kline", eth);
            for (int i = 0; i < LATER; i++) {
                tradeRecords.add(at(ethTrades.get(i), quietFrom + i));
                klineRecords.add(at(ethKlines.get(i), quietFrom + i));
            }
            send(kafka, tradeRecords);
            send(kafka, klineRecords);

            URI url = URI.create(exchange.restUrl());
            MarketDataClient rest = new MarketDataClient(new RestHost(new RestTransport(HttpClient.newHttpClient(),
                    Duration.ofSeconds(10)), url, new HostGate(url.getAuthority(), 6000, Clock.systemUTC()),
                    Duration.ofSeconds(10)));
            BinanceSettings settings = BinanceSettings.of(Map.of(
                    "binance.sink.trade", "sbe-file:data,kafka:quiet.trade?brokers=" + kafka.bootstrapServers(),
                    "binance.sink.kline", "kafka:quiet.kline?brokers=" + kafka.bootstrapServers()));
            // each aggTrades answer held 500 ms: the two quiet streams' questions are on their way together
            exchange.faults().delayRest("/api/v3/aggTrades", 2, Duration.ofMillis(500));
            Map<String, String> positions;
            try (GroupPositions group = KafkaGroupPositions.of(camel, settings, rest, LIMIT)) {
                positions = group.of(List.of(StreamKey.trade("BTCUSDT"), StreamKey.kline("BTCUSDT", "1s"),
                        StreamKey.trade("ETHUSDT")));
            }

            long since = quietFrom + (LATER - LIMIT); // the oldest record read back: ETHUSDT's 1,001st
            long open = since / 1000 * 1000;
            assertThat(positions).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "trade-btcusdt", "trade " + lastIdBefore(btc, since),
                    "kline-btcusdt-1s", "kline " + (open - 1000) + " " + open + " " + (open - 1) + " true "
                            + (lastIdBefore(btc, open) + 1),
                    "trade-ethusdt", "trade " + TradeTape.bundled().get(1).trade(LATER - 1).id()));
            assertThat(lastIdBefore(btc, since)).as("BTCUSDT traded after its last record, before the time")
                    .isGreaterThan(btc.trade(btc.size() / 2 - 1).id());
            assertThat(exchange.stats().restRequests("/api/v3/aggTrades")).as("one call per quiet stream")
                    .isEqualTo(2);
            assertThat(exchange.stats().peakRestInFlight("/api/v3/aggTrades")).as("both asked at once").isEqualTo(2);
        }
    }

    private static ProducerRecord<String, byte[]> at(ProducerRecord<String, byte[]> record, long timestamp) {
        return new ProducerRecord<>(record.topic(), record.partition(), timestamp, record.key(), record.value(),
                record.headers());
    }

    private static long lastIdBefore(TradeTape tape, long time) {
        long last = tape.trade(0).id() - 1;
        for (int i = 0; i < tape.size(); i++) {
            if (tape.trade(i).tradeTime() < time) {
                last = Math.max(last, tape.trade(i).id());
            }
        }
        return last;
    }

    private static void send(EmbeddedKafka kafka, List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            records.forEach(record -> sent.add(producer.send(record)));
            for (Future<?> future : sent) {
                future.get();
            }
        }
    }
}
