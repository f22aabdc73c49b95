package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.Fixtures;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster's Kafka writes in transactions per group, against a real broker: two {@link GroupTransactions} with the
 * same transactional ids stand for two instances of a cluster.
 */
class GroupTransactionsTest {
    private static final int GROUP = 3;
    private static EmbeddedKafka kafka;
    private static List<ProducerRecord<String, byte[]>> trades;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        trades = SinkStream.trades("BTCUSDT").events("unused", Fixtures.btcusdtPayloads().subList(0, 400));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    /**
     * The case the leader terms cannot cover: instance a's send is on its way (sent, its commit not yet through) when
     * instance b takes the group. b's fence aborts it, a's commit is refused and a drops the batch and every later one;
     * a committed reader sees a's first batch and b's, never a's in-flight one, which did reach the broker.
     */
    @Test
    void shouldAbortTheSendOfTheFormerLeaderThatWasOnItsWayAtTheTakeOver() throws Exception {
        String topic = "takeover.trade";
        kafka.createTopic(topic, 1);
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch takenOver = new CountDownLatch(1);
        boolean[] hold = {false};
        Function<String, Producer<String, byte[]>> held = id -> new CommitGate(producerConfig(id), () -> {
            if (hold[0]) {
                committing.countDown();
                released(takenOver);
            }
        });
        ExecutorService instanceA = Executors.newSingleThreadExecutor();
        try (GroupTransactions a = new GroupTransactions(topic, "binance-test", held);
             GroupTransactions b = new GroupTransactions(topic, "binance-test", plain())) {
            a.fence(GROUP);
            assertThat(a.write(GROUP, records(topic, 0, 2))).isEqualTo(GroupTransactions.Outcome.WRITTEN);
            hold[0] = true;
            Future<GroupTransactions.Outcome> inFlight = instanceA.submit(() -> a.write(GROUP, records(topic, 2, 4)));
            assertThat(committing.await(30, TimeUnit.SECONDS)).isTrue();

            b.fence(GROUP);                                  // b takes the group while a's send is on its way
            takenOver.countDown();

            assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo(GroupTransactions.Outcome.FENCED);
            assertThat(b.write(GROUP, records(topic, 4, 6))).isEqualTo(GroupTransactions.Outcome.WRITTEN);
            assertThat(a.write(GROUP, records(topic, 6, 8))).as("a stays fenced")
                    .isEqualTo(GroupTransactions.Outcome.FENCED);
        } finally {
            instanceA.shutdownNow();
        }
        assertCommitted(topic, "committed: a's first batch, then b's", id(0), id(1), id(4), id(5));
        assertThat(ids(uncommitted(topic))).as("a's in-flight batch reached the broker, aborted")
                .containsExactly(id(0), id(1), id(2), id(3), id(4), id(5));
    }

    /**
     * The broker stops in the middle: the batch written meanwhile fails (its transaction aborted, or its commit given
     * up), and written again once the broker is back — as the spool does — it is in the topic once, between the batches
     * before and after.
     */
    @Test
    void shouldWriteABatchThatFailedWhileTheBrokerWasDownOnceWhenWrittenAgain() throws Exception {
        String topic = "outage.trade";
        kafka.createTopic(topic, 1);
        try (GroupTransactions transactions = new GroupTransactions(topic, "binance-test", id -> GroupTransactions
                .kafkaProducers(quick(producerConfig(id))).apply(id))) {
            assertThat(transactions.write(GROUP, records(topic, 0, 2))).isEqualTo(GroupTransactions.Outcome.WRITTEN);
            kafka.stopBroker();
            try {
                assertThatThrownBy(() -> transactions.write(GROUP, records(topic, 2, 4))).isInstanceOf(Exception.class);
            } finally {
                kafka.startBroker();
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> writtenAgain(transactions, records(topic, 2, 4)));
            assertThat(transactions.write(GROUP, records(topic, 4, 6))).isEqualTo(GroupTransactions.Outcome.WRITTEN);
        }
        assertCommitted(topic, "every batch once", id(0), id(1), id(2), id(3), id(4), id(5));
    }

    /**
     * A run's groups side by side: one group's transaction fails (its commit refused), the other's is committed; the
     * call returns only when both are done and throws the failure, so the run is written again whole (the committed
     * group's batch twice then, as README says; never a gap).
     */
    @Test
    void shouldWriteARunsGroupsSideBySideAndThrowWhenOneOfThemFails() throws Exception {
        String topic = "run.trade";
        kafka.createTopic(topic, 1);
        int failing = GROUP + 1;
        Function<String, Producer<String, byte[]>> refusing = id -> new CommitGate(producerConfig(id), () -> {
            if (id.contains(".group-" + failing + ".")) {
                throw new KafkaException("commit refused for the test");
            }
        });
        Map<Integer, List<ProducerRecord<String, byte[]>>> run = new LinkedHashMap<>();
        run.put(GROUP, records(topic, 0, 2));
        run.put(failing, records(topic, 2, 4));
        try (GroupTransactions transactions = new GroupTransactions(topic, "binance-test", refusing)) {
            assertThatThrownBy(() -> transactions.write(run)).isInstanceOf(KafkaException.class)
                    .hasMessage("commit refused for the test");
            assertThat(transactions.write(Map.of(GROUP, records(topic, 4, 6))))
                    .containsExactly(Map.entry(GROUP, GroupTransactions.Outcome.WRITTEN));
        }
        assertCommitted(topic, "the committed group's batches, none of the failed one's", id(0), id(1), id(4), id(5));
        assertThat(ids(uncommitted(topic))).as("the failed group's batch reached the broker, aborted")
                .containsExactlyInAnyOrder(id(0), id(1), id(2), id(3), id(4), id(5));
    }

    private static boolean writtenAgain(GroupTransactions transactions, List<ProducerRecord<String, byte[]>> batch) {
        try {
            return transactions.write(GROUP, batch) == GroupTransactions.Outcome.WRITTEN;
        } catch (Exception e) {
            return false;
        }
    }

    /** The product's timeouts, shorter: a broker that is down is noticed within about a second. */
    private static Properties quick(Properties config) {
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "800");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "1000");
        return config;
    }

    /** Writers of one group from many threads: every batch committed once, each writer's batches in order. */
    @Test
    void shouldCommitConcurrentBatchesOfAGroupEachOnceInOrder() throws Exception {
        String topic = "concurrent.trade";
        kafka.createTopic(topic, 1);
        int writers = 4;
        int batches = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (GroupTransactions transactions = new GroupTransactions(topic, "binance-test", plain())) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        int first = (writer * batches + b) * 2;
                        assertThat(transactions.write(GROUP, records(topic, first, first + 2)))
                                .isEqualTo(GroupTransactions.Outcome.WRITTEN);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> written = ids(kafka.records(topic));
        assertThat(written).hasSize(writers * batches * 2).doesNotHaveDuplicates();
        for (int w = 0; w < writers; w++) {
            List<Long> own = new ArrayList<>();
            for (int i = w * batches * 2; i < (w + 1) * batches * 2; i++) {
                own.add(id(i));
            }
            assertThat(written.stream().filter(own::contains).toList()).as("writer %d in order", w).isEqualTo(own);
        }
    }

    private static List<ProducerRecord<String, byte[]>> records(String topic, int from, int to) {
        return trades.subList(from, to).stream()
                .map(r -> new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers())).toList();
    }

    private static Properties producerConfig(String id) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        return config;
    }

    private static Function<String, Producer<String, byte[]>> plain() {
        return id -> GroupTransactions.kafkaProducers(producerConfig(id)).apply(id);
    }

    private static List<ConsumerRecord<String, byte[]>> uncommitted(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofSeconds(1)).records(partition).forEach(read::add);
            }
            return read;
        }
    }

    private static long id(int index) {
        return tradeId(trades.get(index).value());
    }

    /**
     * What a committed reader of the topic sees, once the last transaction's markers are in: the broker writes them
     * after {@code commitTransaction} (or an abort) returns, and until then a committed reader stops before them.
     */
    private static void assertCommitted(String topic, String what, Long... expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(ids(kafka.records(topic))).as(what).containsExactly(expected));
    }

    private static List<Long> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> tradeId(r.value())).toList();
    }

    private static long tradeId(byte[] value) {
        return SbeFiles.decode(new UnsafeBuffer(value), 0, value.length).get("tradeId").asLong();
    }

    private static void released(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A real transactional producer whose commit first runs {@code beforeCommit} (holds a send on its way). */
    private static final class CommitGate extends org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> {
        private final Runnable beforeCommit;

        CommitGate(Properties config, Runnable beforeCommit) {
            super(config);
            this.beforeCommit = beforeCommit;
        }

        @Override
        public void commitTransaction() {
            flush();
            beforeCommit.run();
            super.commitTransaction();
        }
    }
}
