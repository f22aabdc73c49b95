package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.Fixtures;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fence of a cluster instance's Kafka writes, against a real broker: a batch is written only while the term it
 * was read under is still its group's current one here; one read under a closed or an older term, or under none, is
 * dropped and counted; a run of messages in one exchange (the spool's re-delivery). The same with the writes in
 * transactions per group (a cluster's default) and without.
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
        List<ConsumerRecord<String, byte[]>> written = written(terms, transactions, (camel, template, uri) -> {
            long first = terms.open(group);
            send(template, uri, trades.get(0), first);                   // written
            terms.close(group);
            send(template, uri, trades.get(1), first);                   // lost the group: dropped
            long second = terms.open(group);
            send(template, uri, trades.get(2), first);                   // spooled under the old term: dropped
            send(template, uri, trades.get(3), second);                  // written
            send(template, uri, trades.get(4), null);                    // no term: dropped
        });
        assertThat(written.stream().map(r -> tradeId(r.value())).toList())
                .containsExactly(tradeId(trades.get(0).value()), tradeId(trades.get(3).value()));
        assertThat(terms.fenced()).isEqualTo(3);
        assertThat(LeaderTerms.NONE.admits("BTCUSDT", null)).as("no cluster: everything written").isTrue();
    }

    /**
     * A run of messages in one exchange (as the spool re-delivers them): every admitted one written, each symbol's in
     * order, one under a closed term dropped; a run holding an invalid message fails before anything is written.
     */
    @ParameterizedTest(name = "kafka-transactions = {0}")
    @ValueSource(booleans = {true, false})
    void shouldWriteARunOfMessagesAtOnce(boolean transactions) throws Exception {
        List<ProducerRecord<String, byte[]>> trades = SinkStream.trades("BTCUSDT")
                .events(TOPIC, Fixtures.btcusdtPayloads().subList(0, 6));
        LeaderTerms terms = new LeaderTerms(2);
        String other = List.of("ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT").stream()
                .filter(symbol -> terms.group(symbol) != terms.group("BTCUSDT")).findFirst().orElseThrow();
        List<ConsumerRecord<String, byte[]>> written = written(terms, transactions, (camel, template, uri) -> {
            long old = terms.open(terms.group("BTCUSDT"));
            terms.close(terms.group("BTCUSDT"));
            long btc = terms.open(terms.group("BTCUSDT"));
            long otherTerm = terms.open(terms.group(other));
            Exchange run = camel.getEndpoint(uri).createExchange();
            run.getMessage().setBody(List.of(message(run, "BTCUSDT", trades.get(0).value(), btc),
                    message(run, other, trades.get(1).value(), otherTerm),
                    message(run, "BTCUSDT", trades.get(2).value(), btc),
                    message(run, "BTCUSDT", trades.get(3).value(), old),
                    message(run, other, trades.get(4).value(), otherTerm)));
            assertThat(template.send(uri, run).getException()).isNull();

            Exchange invalid = camel.getEndpoint(uri).createExchange();
            invalid.getMessage().setBody(List.of(message(invalid, "BTCUSDT", trades.get(5).value(), btc),
                    message(invalid, "BTCUSDT", new byte[] {1, 2, 3}, btc)));
            assertThat(template.send(uri, invalid).getException())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SBE message header");
        });
        assertThat(written.stream().filter(r -> r.key().equals("BTCUSDT")).map(r -> tradeId(r.value())).toList())
                .containsExactly(tradeId(trades.get(0).value()), tradeId(trades.get(2).value()));
        assertThat(written.stream().filter(r -> r.key().equals(other)).map(r -> tradeId(r.value())).toList())
                .containsExactly(tradeId(trades.get(1).value()), tradeId(trades.get(4).value()));
        assertThat(written).as("nothing of the invalid run").hasSize(4);
        assertThat(terms.fenced()).isEqualTo(1);
    }

    /**
     * A take-over after a route of the sink was removed and added again (a group given up, then another taken): the
     * fence must set up only the producers of the sink that writes, not also those of the removed route's endpoint —
     * they share the transactional ids, and whichever set-up came last would fence the other, whose batches are then
     * dropped as another instance's.
     */
    @Test
    void shouldFenceOnlyThroughTheSinkThatWritesAfterItsRouteWasRemovedAndAddedAgain() throws Exception {
        List<ProducerRecord<String, byte[]>> trades = SinkStream.trades("BTCUSDT")
                .events(TOPIC, Fixtures.btcusdtPayloads().subList(0, 41));
        LeaderTerms terms = new LeaderTerms(2);
        int group = terms.group("BTCUSDT");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, 1);
            DefaultCamelContext camel = new DefaultCamelContext();
            KafkaSinkComponent component = new KafkaSinkComponent(terms, "refence-test", true);
            camel.addComponent("binance-kafka", component);
            String uri = KafkaSinkComponent.wrap("kafka:" + TOPIC + "?brokers=" + kafka.bootstrapServers(), false);
            RouteBuilder route = new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sink").routeId("sink").to(uri);
                }
            };
            camel.addRoutes(route);
            camel.start();
            try (ProducerTemplate template = camel.createProducerTemplate()) {
                long first = terms.open(group);
                send(template, "direct:sink", trades.get(0), first);
                terms.close(group);
                camel.getRouteController().stopRoute("sink");
                camel.removeRoute("sink");
                camel.addRoutes(route);

                for (int take = 0; take < 4; take++) { // each take a race of the two set-ups without the fix
                    assertThat(component.fence(Set.of(group))).containsExactly(group);
                    long term = terms.open(group);
                    for (int i = 1; i <= 10; i++) {
                        send(template, "direct:sink", trades.get(take * 10 + i), term);
                    }
                    terms.close(group);
                }
            } finally {
                camel.stop();
            }
            assertThat(kafka.records(TOPIC).stream().map(r -> tradeId(r.value())).toList())
                    .containsExactlyElementsOf(trades.stream().map(r -> tradeId(r.value())).toList());
            assertThat(terms.fenced()).isZero();
        }
    }

    /** What the test sends through the product's Kafka sink at {@code uri}. */
    @FunctionalInterface
    private interface SinkCalls {
        void send(CamelContext camel, ProducerTemplate template, String uri) throws Exception;
    }

    /**
     * Runs {@code calls} against the product's Kafka sink of a cluster instance with {@code terms}, writing to a fresh
     * broker; returns what the topic holds then (committed).
     */
    private static List<ConsumerRecord<String, byte[]>> written(LeaderTerms terms, boolean transactions,
                                                               SinkCalls calls) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, 1);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.addComponent("binance-kafka", new KafkaSinkComponent(terms, "fence-test", transactions));
            camel.start();
            try (ProducerTemplate template = camel.createProducerTemplate()) {
                calls.send(camel, template,
                        KafkaSinkComponent.wrap("kafka:" + TOPIC + "?brokers=" + kafka.bootstrapServers(), false));
            } finally {
                camel.stop();
            }
            return kafka.records(TOPIC);
        }
    }

    private static Message message(Exchange exchange, String symbol, byte[] value, long term) {
        Message message = new DefaultMessage(exchange);
        message.setHeader(StreamHeaders.SYMBOL, symbol);
        message.setHeader(StreamHeaders.STREAM_ID, "trade-" + symbol.toLowerCase());
        message.setHeader(StreamHeaders.LEADER_TERM, term);
        message.setBody(value);
        return message;
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
