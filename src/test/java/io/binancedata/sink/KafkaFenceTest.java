package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.Fixtures;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fence of a cluster instance's Kafka writes, against a real broker: a batch is written only while the term it
 * was read under is still its group's current one here; one read under a closed or an older term, or under none, is
 * dropped and counted. The same with the writes in transactions per group (the default) and without.
 */
class KafkaFenceTest {
    private static final String TOPIC = "fence.trade";

    @ParameterizedTest(name = "kafka-transactions = {0}")
    @ValueSource(booleans = {true, false})
    void shouldWriteOnlyBatchesOfTheGroupsCurrentTerm(boolean transactions) throws Exception {
        List<ProducerRecord<String, byte[]>> trades = SinkStream.trades("BTCUSDT")
                .events(TOPIC, Fixtures.btcusdtPayloads().subList(0, 5));
        LeaderTerms terms = new LeaderTerms(2);
        int group = terms.group("BTCUSDT");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, 1);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.addComponent("binance-kafka", new KafkaSinkComponent(terms, "fence-test", transactions));
            camel.start();
            try (ProducerTemplate template = camel.createProducerTemplate()) {
                String uri = KafkaSinkComponent.wrap("kafka:" + TOPIC + "?brokers=" + kafka.bootstrapServers(), false);
                long first = terms.open(group);
                send(template, uri, trades.get(0), first);                   // written
                terms.close(group);
                send(template, uri, trades.get(1), first);                   // lost the group: dropped
                long second = terms.open(group);
                send(template, uri, trades.get(2), first);                   // spooled under the old term: dropped
                send(template, uri, trades.get(3), second);                  // written
                send(template, uri, trades.get(4), null);                    // no term: dropped
            } finally {
                camel.stop();
            }
            List<ConsumerRecord<String, byte[]>> written = kafka.records(TOPIC);
            assertThat(written.stream().map(r -> tradeId(r.value())).toList())
                    .containsExactly(tradeId(trades.get(0).value()), tradeId(trades.get(3).value()));
        }
        assertThat(terms.fenced()).isEqualTo(3);
        assertThat(LeaderTerms.NONE.admits("BTCUSDT", null)).as("no cluster: everything written").isTrue();
    }

    private static void send(ProducerTemplate template, String uri, ProducerRecord<String, byte[]> record, Long term) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(StreamHeaders.SYMBOL, "BTCUSDT");
        headers.put(StreamHeaders.STREAM_ID, "trade-btcusdt");
        if (term != null) {
            headers.put(StreamHeaders.LEADER_TERM, term);
        }
        template.sendBodyAndHeaders(uri, record.value(), headers);
    }

    private static long tradeId(byte[] value) {
        return SbeFiles.decode(new UnsafeBuffer(value), 0, value.length).get("tradeId").asLong();
    }
}
