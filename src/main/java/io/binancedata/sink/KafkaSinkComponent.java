package io.binancedata.sink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import io.binancedata.stream.LeaderTerms;
import org.apache.camel.Endpoint;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code binance-kafka:<name>?delegate=RAW(<kafka uri>)[&batch=true]}: what a configured {@code kafka:} sink becomes
 * (built by {@link #wrap}). It turns the stream's messages into Kafka records and hands them to the camel-kafka
 * endpoint {@code delegate}: key = the symbol (UTF-8), value = the SBE message, record headers {@link KafkaRecords}.
 * A stream's batch (an {@code EventBatch}, or its framed messages as the spool keeps them) is produced as one record
 * per event, all sent before the first acknowledgement is awaited (the Kafka producer sends them as one batch), or
 * with {@code batch=true} as one record holding the batch's framed messages; a single SBE message is one record.
 *
 * <p>In a cluster with {@code binance.cluster.kafka-transactions = true} (the default) the records go out through
 * transactional Kafka producers per group instead ({@link GroupTransactions}), configured from the same camel-kafka
 * endpoint; readers see them once with {@code isolation.level=read_committed}.
 *
 * <p>The product's producer defaults ({@link #DEFAULTS}: byte values, an idempotent producer with {@code acks=all},
 * lz4 compression, timeouts of seconds so that an unreachable broker is noticed and the spool takes over) are added
 * to the {@code kafka:} URI for every option the URI does not set itself.
 */
@Component("binance-kafka")
public class KafkaSinkComponent extends DefaultComponent {
    /** Scheme of the sinks this component serves. */
    public static final String KAFKA_SCHEME = "kafka:";
    /**
     * camel-kafka options the product sets unless the sink URI does. lz4 runs without a native library (zstd and
     * snappy need one); useIterator and batchWithIndividualHeaders make a batch's events records of their own, each
     * with its own key and headers; the timeouts bound how long a send waits for an unreachable broker (metadata,
     * then the delivery of a record, which the Kafka producer retries inside that time without duplicates).
     */
    public static final Map<String, String> DEFAULTS = defaults();
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkComponent.class);
    private final LeaderTerms terms;
    private final String cluster;
    private final boolean transactional;
    private final Set<KafkaSinkEndpoint> endpoints = ConcurrentHashMap.newKeySet();

    /** A component that writes every batch (no cluster). */
    public KafkaSinkComponent() {
        this(LeaderTerms.NONE, "", false);
    }

    /**
     * @param terms        the fence of a cluster instance: batches read under a term that is no longer current are
     *                     dropped
     * @param cluster      {@code binance.cluster.name}: the first part of the producers' {@code transactional.id}s
     * @param transactions {@code binance.cluster.kafka-transactions}: in a cluster, every batch is written in a
     *                     transaction of its group's producers ({@link GroupTransactions})
     */
    public KafkaSinkComponent(LeaderTerms terms, String cluster, boolean transactions) {
        this.terms = terms;
        this.cluster = cluster;
        this.transactional = transactions && terms.clustered();
    }

    LeaderTerms terms() {
        return terms;
    }

    /** Whether batches are written in transactions per group (a cluster with {@code kafka-transactions}). */
    boolean transactional() {
        return transactional;
    }

    /** The first part of the {@code transactional.id} of every group producer: {@code binance-<cluster name>}. */
    String transactionalIdPrefix() {
        return "binance-" + cluster;
    }

    /**
     * Before this instance reads where groups' writes ended (a take-over): makes each Kafka sink's producers of the
     * groups this instance's, so that whatever the groups' previous leaders still had on their way to Kafka is aborted
     * and their later commits refused ({@link GroupTransactions#fence}); all groups and sinks side by side, the started
     * sinks only: a stopped endpoint (the context stopping it, or one Camel removed) would set up producers of the same
     * transactional ids as a started one's and fence them (whose batches would then be dropped as another instance's);
     * a route's removal no longer stops its sinks ({@code BinanceCamelContext}). Nothing to do without transactions.
     *
     * @return the groups fenced; one Kafka could not fence now (unreachable, refused) is left out, with a WARN
     */
    public Set<Integer> fence(Set<Integer> groups) {
        if (!transactional) {
            return groups;
        }
        Map<Integer, CompletableFuture<Void>> fencing = new TreeMap<>();
        for (int group : groups) {
            CompletableFuture<?>[] sinks = endpoints.stream()
                    .map(endpoint -> CompletableFuture.runAsync(() -> endpoint.transactions().fence(group),
                            GroupTransactions.INIT))
                    .toArray(CompletableFuture[]::new);
            fencing.put(group, CompletableFuture.allOf(sinks));
        }
        Set<Integer> fenced = new TreeSet<>();
        fencing.forEach((group, done) -> {
            try {
                done.join();
                fenced.add(group);
            } catch (CompletionException e) {
                LOG.warn("Cluster group {}: its Kafka writes could not be fenced ({}); taken at a later check", group,
                        e.getCause() == null ? e.toString() : e.getCause().toString());
            }
        });
        return fenced;
    }

    /**
     * The properties of a Kafka client of the product's own made as a camel-kafka endpoint's ({@code clientProperties},
     * from its configuration's {@code createProducerProperties()} or {@code createConsumerProperties()}), with the
     * endpoint's brokers, which camel-kafka's own clients add themselves.
     */
    public static Properties withBrokers(KafkaConfiguration kafka, Properties clientProperties) {
        clientProperties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        return clientProperties;
    }

    /** A sink endpoint started (again): its groups are fenced at take-overs. */
    void started(KafkaSinkEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    /** A sink endpoint stopped or shut down: no longer fenced through. */
    void removed(KafkaSinkEndpoint endpoint) {
        endpoints.remove(endpoint);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        KafkaSinkEndpoint endpoint = new KafkaSinkEndpoint(uri, this);
        endpoint.setTopic(remaining);
        setProperties(endpoint, parameters);
        validateParameters(uri, parameters, null);
        String delegate = endpoint.getDelegate();
        if (delegate == null || !delegate.startsWith(KAFKA_SCHEME)) {
            throw new IllegalArgumentException("binance-kafka needs the kafka: endpoint to produce to: "
                    + "delegate=RAW(kafka:<topic>?...); was " + uri);
        }
        return endpoint; // fenced through once started (started, removed)
    }

    /**
     * {@code binance-kafka:<topic>?delegate=RAW(<kafkaUri with the product's defaults>)}, plus {@code &batch=true}
     * when {@code batch}.
     *
     * @throws IllegalArgumentException if the URI is not a {@code kafka:} URI or holds a ')' (RAW could not quote it)
     */
    public static String wrap(String kafkaUri, boolean batch) {
        if (!kafkaUri.startsWith(KAFKA_SCHEME) || kafkaUri.indexOf(')') >= 0) {
            throw new IllegalArgumentException("Expected a kafka: URI without ')', was " + kafkaUri);
        }
        int query = kafkaUri.indexOf('?');
        String topic = kafkaUri.substring(KAFKA_SCHEME.length(), query < 0 ? kafkaUri.length() : query);
        return "binance-kafka:" + topic + "?delegate=RAW(" + withDefaults(kafkaUri) + ")"
                + (batch ? "&batch=true" : "");
    }

    /** The URI with every option of {@link #DEFAULTS} it does not set (names compared ignoring case) appended. */
    public static String withDefaults(String kafkaUri) {
        int query = kafkaUri.indexOf('?');
        String given = query < 0 ? "" : kafkaUri.substring(query + 1).toLowerCase(Locale.ROOT);
        StringBuilder uri = new StringBuilder(kafkaUri);
        char separator = query < 0 ? '?' : '&';
        for (Map.Entry<String, String> option : DEFAULTS.entrySet()) {
            String name = option.getKey().toLowerCase(Locale.ROOT) + "=";
            if (!given.startsWith(name) && !given.contains("&" + name)) {
                uri.append(separator).append(option.getKey()).append('=').append(option.getValue());
                separator = '&';
            }
        }
        return uri.toString();
    }

    private static Map<String, String> defaults() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("valueSerializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        options.put("keySerializer", "org.apache.kafka.common.serialization.StringSerializer");
        options.put("enableIdempotence", "true");
        options.put("requestRequiredAcks", "all");
        options.put("compressionCodec", "lz4");
        // a list of records is sent as records, each with its own headers (camel-kafka's defaults, made explicit:
        // without them a batch would be one record, or every record would carry the batch's headers)
        options.put("useIterator", "true");
        options.put("batchWithIndividualHeaders", "true");
        options.put("maxBlockMs", "5000");
        options.put("requestTimeoutMs", "4000");
        options.put("deliveryTimeoutMs", "5000");
        return Collections.unmodifiableMap(options);
    }
}
