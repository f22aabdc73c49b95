package io.binancedata.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.binancedata.codec.SbeFraming;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamHeaders;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Endpoint of {@link KafkaSinkComponent}: producer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "binance-kafka", title = "Binance Kafka sink",
        syntax = "binance-kafka:topic", producerOnly = true, category = {Category.MESSAGING})
public class KafkaSinkEndpoint extends DefaultEndpoint implements RunEndpoint {
    @UriPath(description = "The topic, as in the kafka: URI (shown in logs)")
    private String topic;
    @UriParam(description = "The camel-kafka endpoint URI to produce to, best given as RAW(uri)")
    @Metadata(required = true)
    private String delegate;
    @UriParam(defaultValue = "false", description = "Produce a stream's batch as one record (its framed SBE messages "
            + "back to back) instead of one record per event")
    private boolean batch;

    private GroupTransactions transactions;
    private int producersRunning;

    KafkaSinkEndpoint(String uri, KafkaSinkComponent component) {
        super(uri, component);
    }

    /**
     * The group producers of this sink in a cluster, created at first need from the camel-kafka endpoint's settings
     * (brokers, security, producer options).
     */
    synchronized GroupTransactions transactions() {
        if (transactions == null) {
            KafkaConfiguration kafka = getCamelContext().getEndpoint(delegate, KafkaEndpoint.class).getConfiguration();
            transactions = new GroupTransactions(kafka.getTopic(),
                    ((KafkaSinkComponent) getComponent()).transactionalIdPrefix(), GroupTransactions.kafkaProducers(
                            KafkaSinkComponent.withBrokers(kafka, kafka.createProducerProperties())));
        }
        return transactions;
    }

    private synchronized void producerStarted() {
        producersRunning++;
    }

    /**
     * The group producers live as long as the sink's producers (not the endpoint, which Camel may stop first at a
     * shutdown): the spool in front delivers what it still holds before its producer stops.
     */
    private synchronized void producerStopped() {
        if (--producersRunning == 0) {
            closeTransactions();
        }
    }

    private synchronized void closeTransactions() {
        if (transactions != null) {
            transactions.close();
            transactions = null;
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ((KafkaSinkComponent) getComponent()).started(this);
    }

    /** Camel stops the endpoint of a route it removes (a group given up): no take-over fences through it any more. */
    @Override
    protected void doStop() throws Exception {
        ((KafkaSinkComponent) getComponent()).removed(this);
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        ((KafkaSinkComponent) getComponent()).removed(this);
        closeTransactions();
        super.doShutdown();
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public Producer createProducer() {
        return new KafkaSinkProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("binance-kafka only sends: " + getEndpointUri());
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getDelegate() {
        return delegate;
    }

    public void setDelegate(String delegate) {
        this.delegate = delegate;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    /**
     * Sends each exchange's records to the camel-kafka producer (in a cluster: in a transaction of the group's producer,
     * {@link GroupTransactions}), synchronously: returns (or throws) once the broker acknowledged (committed) every
     * record of the exchange. A batch (an {@code EventBatch}, or framed messages with the header
     * {@code BinanceMessageCount}, as the spool keeps one) becomes one record per event, or one record with
     * {@code batch=true}; a single SBE message one record. A run of such messages ({@link RunEndpoint}, from the spool)
     * is sent at once: camel-kafka sends all their records, then waits for every acknowledgement; in a cluster's
     * transactions, one transaction per group, the groups side by side.
     */
    private static final class KafkaSinkProducer extends DelegatingProducer {
        private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkEndpoint.class);
        /** The last term logged as fenced, by stream id. */
        private final Map<String, Long> fencedTerms = new ConcurrentHashMap<>();

        KafkaSinkProducer(KafkaSinkEndpoint endpoint) {
            super(endpoint, endpoint.getDelegate());
        }

        @Override
        public KafkaSinkEndpoint getEndpoint() {
            return (KafkaSinkEndpoint) super.getEndpoint();
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            getEndpoint().producerStarted();
        }

        @Override
        protected void doStop() throws Exception {
            getEndpoint().producerStopped();
            super.doStop();
        }

        /** In transactions per group the camel-kafka producer is not used: no client of its own is started. */
        @Override
        protected boolean usesTarget() {
            return !((KafkaSinkComponent) getEndpoint().getComponent()).transactional();
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            List<Message> admitted = new ArrayList<>();
            for (Message message : run(exchange.getMessage())) {
                if (admitted(message)) {
                    admitted.add(message);
                }
            }
            if (admitted.isEmpty()) {
                return;
            }
            if (((KafkaSinkComponent) getEndpoint().getComponent()).transactional()) {
                writeInTransactions(admitted);
                return;
            }
            List<KafkaRecords.Record> list = new ArrayList<>();
            for (Message message : admitted) {
                list.addAll(records(message, getEndpoint().isBatch()));
            }
            Exchange records = target().getEndpoint().createExchange();
            records.getIn().setBody(messages(records, list));
            target().process(records);
            if (records.getException() != null) {
                throw records.getException();
            }
        }

        /** The messages of an exchange: its message, or those of its body when that is a run ({@link RunEndpoint}). */
        private static List<Message> run(Message message) {
            if (!(message.getBody() instanceof List<?> list)) {
                return List.of(message);
            }
            List<Message> run = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof Message one)) {
                    throw new IllegalArgumentException("A run for the Kafka sink is a list of Camel messages, it holds "
                            + (element == null ? "null" : element.getClass().getName()));
                }
                run.add(one);
            }
            return run;
        }

        /**
         * One transaction per group with the records of all its messages, the groups side by side; every record is
         * made before the first transaction begins, so an invalid message fails the run before any write.
         */
        private void writeInTransactions(List<Message> messages) throws Exception {
            LeaderTerms terms = terms();
            String topic = getEndpoint().getTopic();
            Map<Integer, List<Message>> groups = new LinkedHashMap<>();
            Map<Integer, List<ProducerRecord<String, byte[]>>> records = new LinkedHashMap<>();
            for (Message message : messages) {
                int group = terms.group(message.getHeader(StreamHeaders.SYMBOL, String.class));
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(message);
                List<ProducerRecord<String, byte[]>> groupRecords = records.computeIfAbsent(group,
                        g -> new ArrayList<>());
                records(message, getEndpoint().isBatch()).forEach(r -> groupRecords.add(r.toProducerRecord(topic)));
            }
            getEndpoint().transactions().write(records).forEach((group, outcome) -> {
                if (outcome == GroupTransactions.Outcome.FENCED) {
                    for (Message message : groups.get(group)) {
                        terms.countFenced();
                        logDropped(message);
                    }
                }
            });
        }

        /**
         * The records of a message: a batch (an {@code EventBatch}, or framed messages with the header
         * {@code BinanceMessageCount}, as the spool keeps one) one per event, or one with {@code oneRecordPerBatch};
         * a single SBE message one.
         */
        private static List<KafkaRecords.Record> records(Message message, boolean oneRecordPerBatch) throws Exception {
            if (message.getBody() instanceof EventBatch events && !oneRecordPerBatch) {
                return eventRecords(message, events);
            }
            byte[] value = message.getMandatoryBody(byte[].class);
            boolean framed = message.getHeader(StreamHeaders.MESSAGE_COUNT) != null;
            if (framed && !oneRecordPerBatch) {
                return KafkaRecords.events(message.getHeaders(), value);
            }
            return List.of(new KafkaRecords.Record(KafkaRecords.headers(message.getHeaders(), value,
                    framed ? SbeFraming.HEADER_LENGTH : 0, framed), value));
        }

        private LeaderTerms terms() {
            return ((KafkaSinkComponent) getEndpoint().getComponent()).terms();
        }

        /**
         * Whether the fence lets the batch through: in a cluster, only while the term it was read under is still its
         * group's here. A refused batch is dropped (counted; logged once per stream and term): the group's current
         * leader continued where the topic ended.
         */
        private boolean admitted(Message message) {
            String symbol = message.getHeader(StreamHeaders.SYMBOL, String.class);
            Long term = message.getHeader(StreamHeaders.LEADER_TERM, Long.class);
            if (terms().admits(symbol, term)) {
                return true;
            }
            logDropped(message);
            return false;
        }

        /** Logs a dropped batch once per stream and term. */
        private void logDropped(Message message) {
            Long term = message.getHeader(StreamHeaders.LEADER_TERM, Long.class);
            String stream = String.valueOf(message.getHeader(StreamHeaders.STREAM_ID, String.class));
            long fenced = term == null ? 0 : term;
            Long loggedBefore = fencedTerms.put(stream, fenced);
            if (loggedBefore == null || loggedBefore != fenced) {
                LOG.info("Kafka sink {}: dropping batches of {} read while this instance led its group (term {}), which"
                        + " it no longer does: the group's leader continues the stream where the topic ends",
                        getEndpoint().getTopic(), stream, term);
            }
        }

        /** One record per event; camel-kafka sends them all, then waits for every acknowledgement. */
        private static List<KafkaRecords.Record> eventRecords(Message message, EventBatch events) {
            List<KafkaRecords.Record> list = new ArrayList<>(events.count());
            for (int i = 0; i < events.count(); i++) {
                byte[] value = events.messageBytes(i);
                list.add(new KafkaRecords.Record(KafkaRecords.headers(EventHeaders.of(message, events, i), value, 0,
                        false), value));
            }
            return list;
        }

        private static List<Message> messages(Exchange records, List<KafkaRecords.Record> list) {
            List<Message> messages = new ArrayList<>(list.size());
            for (KafkaRecords.Record record : list) {
                DefaultMessage message = new DefaultMessage(records);
                message.setHeaders(record.headers());
                message.setBody(record.value());
                messages.add(message);
            }
            return messages;
        }
    }
}
