package io.binancedata.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A real Kafka broker in the test JVM, KRaft mode ({@code KafkaClusterTestKit}: one controller, one broker), its
 * client listener on a fixed port of 127.0.0.1 so that the broker can be stopped and started again where its clients
 * look for it. Topics are created explicitly; consumers read without a group.
 */
public final class EmbeddedKafka implements AutoCloseable {
    static {
        // The broker logs several INFO lines per request and per partition at start-up.
        Configurator.setLevel("kafka", Level.WARN);
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        Configurator.setLevel("state.change.logger", Level.WARN);
    }

    private static final int BROKER_ID = TestKitNodes.BROKER_ID_OFFSET;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final String saslBootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers, String saslBootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslBootstrapServers;
    }

    /** Formats and starts a one-broker cluster; returns once the broker is registered and unfenced. */
    public static EmbeddedKafka start() throws Exception {
        return start(null, null);
    }

    /**
     * As {@link #start()}, with a second client listener ({@link #saslBootstrapServers()}) that takes only SASL/PLAIN
     * clients of {@code user} and {@code password} (SASL_PLAINTEXT), as a broker with authentication does.
     */
    public static EmbeddedKafka startWithSasl(String user, String password) throws Exception {
        return start(user, password);
    }

    private static EmbeddedKafka start(String user, String password) throws Exception {
        int port = FreePorts.next();
        Map<String, String> broker = new HashMap<>(Map.of("listeners", "EXTERNAL://127.0.0.1:" + port));
        int saslPort = user == null ? -1 : FreePorts.next();
        if (user != null) {
            broker.put("listeners", "EXTERNAL://127.0.0.1:" + port + ",SASL://127.0.0.1:" + saslPort);
            broker.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL:SASL_PLAINTEXT");
            broker.put("listener.name.sasl.sasl.enabled.mechanisms", "PLAIN");
            broker.put("listener.name.sasl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain."
                    + "PlainLoginModule required user_" + user + "=\"" + password + "\";");
        }
        // the metadata version of a released 3.9 broker, not the test kit's default (the newest, unreleased one)
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false).setNumControllerNodes(1)
                .setNumBrokerNodes(1).setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setPerServerProperties(Map.of(BROKER_ID, broker))
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                // a cluster's sink writes in transactions: its coordinator's log created in one partition, not 50
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster, "127.0.0.1:" + port, user == null ? null : "127.0.0.1:" + saslPort);
    }

    /** The SASL listener's {@code 127.0.0.1:<port>} ({@link #startWithSasl}); null without one. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    /** {@code 127.0.0.1:<port>}, the same after a restart. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates the topic and returns once the broker knows a leader for each of its partitions: a first send right
     * after (an idempotent producer's) must not meet a partition without one (NOT_LEADER_OR_FOLLOWER, retried, once
     * seen in CI to end in OUT_OF_ORDER_SEQUENCE_NUMBER for good).
     */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!led(admin, name, partitions)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Topic " + name + ": no leader for every partition after 30 s");
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    private static boolean led(Admin admin, String topic, int partitions) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            return false; // not known to the broker yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker (the controller keeps running); its clients lose their connections. */
    public void stopBroker() {
        cluster.brokers().get(BROKER_ID).shutdown();
        cluster.brokers().get(BROKER_ID).awaitShutdown();
    }

    /** Starts the stopped broker again on the same port and log directories; returns once it is unfenced. */
    public void startBroker() throws Exception {
        cluster.brokers().get(BROKER_ID).startup();
        cluster.waitForReadyBrokers();
    }

    /**
     * Records in all partitions of {@code topic}: their end offsets, so for a topic written without transactions only
     * (a transaction's commit marker takes an offset too).
     */
    public long count(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Every committed record of every partition of {@code topic} ({@code read_committed}), from the beginning to the
     * end offsets of the moment of the call, partition after partition (each in its order).
     */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                while (consumer.position(partition) < end.get(partition)) {
                    consumer.poll(Duration.ofSeconds(1)).records(partition).forEach(read::add);
                }
                records.addAll(read);
            }
            return records;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a cluster's sink writes in transactions: what a reader sees is what was committed
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
