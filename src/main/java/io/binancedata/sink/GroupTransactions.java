package io.binancedata.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.binancedata.threads.DaemonThreads;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka sink's writes in a cluster: {@link #PRODUCERS_PER_GROUP} transactional Kafka producers per group, their
 * {@code transactional.id}s ({@code <prefix>.<topic>.group-<n>.<k>}) the same on every instance, every batch written in
 * a transaction. An instance that takes a group first {@linkplain #fence fences} it: it initialises the group's
 * producers, and Kafka aborts what the group's previous leader still had open and refuses its later commits. So a send that was already on its way
 * when that leader lost the group (cut off from ZooKeeper, not from Kafka) never lands after the new leader read where
 * the topic ends; readers with {@code isolation.level=read_committed} see every trade once.
 * <p>
 * Batches that arrive while a producer's transaction commits are written together in its next one (one commit for
 * all of them: a group's streams do not wait for each other's round trips one by one). A group's producers are
 * initialised at a take-over ({@link #fence}), or at its first write here (a sink created after the take-over); and a
 * new one after a commit whose outcome stayed unknown. The caller writes only batches read under the group's current
 * term here, so none of these fences a later leader, but for the seconds an instance cut off from ZooKeeper takes to
 * notice it. A producer that Kafka fenced stays fenced here: every later batch of the group is dropped (reported as
 * {@link Outcome#FENCED}) until this instance takes the group again.
 */
final class GroupTransactions implements AutoCloseable {
    /** How long a transaction may stay open before the broker aborts it (a dead instance's, if nobody fences it). */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(GroupTransactions.class);
    /**
     * Creates and initialises producers side by side (a take-over waits for the slowest, not their sum); fences
     * groups side by side ({@link KafkaSinkComponent#fence}).
     */
    static final ExecutorService INIT = Executors.newCachedThreadPool(DaemonThreads.named("binance-kafka-fence"));

    /**
     * Writes the groups of a run side by side ({@link #write(Map)}): at most this many transactions of a process's
     * runs on their way at once.
     */
    static final int GROUPS_SIDE_BY_SIDE = 16;
    private static final ExecutorService RUNS = runPool();

    /** What became of a batch. */
    enum Outcome {
        /** Committed. */
        WRITTEN,
        /** Dropped: another instance took the group since this one's producer was initialised. */
        FENCED
    }

    /**
     * Transactional producers per group, taking turns: a producer's next transaction cannot begin until Kafka has
     * finished the last one (its markers written; the producer retries 20 ms later), so back-to-back transactions of
     * a group go to another producer; and as many of a group's transactions can be on their way at once. Four: 5 times
     * the batches per second of one in {@code KafkaSinkHarness} (BENCHMARKS.md), eight no more than four. The same on
     * every instance (a take-over fences this many).
     */
    static final int PRODUCERS_PER_GROUP = 4;

    private final String topic;
    private final String idPrefix;
    private final Function<String, Producer<String, byte[]>> producers;
    private final Map<Integer, Writers> groups = new ConcurrentHashMap<>();
    /** One fence of a group at a time (a take-over's, or a lazy one at a first write); groups side by side. */
    private final Map<Integer, Object> fencing = new ConcurrentHashMap<>();

    /**
     * @param topic     the sink's topic
     * @param idPrefix  the first part of every {@code transactional.id}: the cluster's name, so that clusters sharing a
     *                  Kafka do not fence each other
     * @param producers a transactional producer for a {@code transactional.id} (not yet initialised)
     */
    GroupTransactions(String topic, String idPrefix, Function<String, Producer<String, byte[]>> producers) {
        this.topic = topic;
        this.idPrefix = idPrefix;
        this.producers = producers;
    }

    /**
     * Transactional producers configured as {@code config} says (brokers, security, the sink's producer options), with
     * their {@code transactional.id} and {@link #TRANSACTION_TIMEOUT}.
     */
    static Function<String, Producer<String, byte[]>> kafkaProducers(Properties config) {
        return id -> {
            Properties properties = new Properties();
            properties.putAll(config);
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            // initTransactions retries while the coordinator is not ready: 10 ms, growing to retry.backoff.max.ms (1 s),
            // instead of 100 ms each time (a take-over fences 4 producers per group and sink: 0.5 s instead of 0.1 s)
            properties.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
            return new KafkaProducer<>(properties);
        };
    }

    /** The {@code transactional.id} of a group's producer {@code k} (0 to {@link #PRODUCERS_PER_GROUP} - 1). */
    String transactionalId(int group, int k) {
        return idPrefix + "." + topic + ".group-" + group + "." + k;
    }

    /**
     * Makes this instance the group's only writer here: new producers, initialised (which aborts the open
     * transactions of any other producers of the group, here or on another instance, and fences them). Blocks until
     * Kafka answers ({@code max.block.ms} per producer).
     *
     * @throws KafkaException if Kafka cannot be reached or refuses; the take-over is tried again
     */
    void fence(int group) {
        synchronized (lock(group)) {
            replace(group);
        }
    }

    /** Held while a group's producers are replaced. */
    private Object lock(int group) {
        return fencing.computeIfAbsent(group, g -> new Object());
    }

    /** The group's new producers, in use from now on; the old ones closed. */
    private Writers replace(int group) {
        Writer[] fresh = new Writer[PRODUCERS_PER_GROUP];
        CompletableFuture<?>[] initialised = new CompletableFuture<?>[fresh.length];
        for (int k = 0; k < fresh.length; k++) {
            int slot = k;
            String id = transactionalId(group, k);
            initialised[k] = CompletableFuture.runAsync(() -> fresh[slot] = new Writer(id, initialised(id)), INIT);
        }
        try {
            CompletableFuture.allOf(initialised).join();
        } catch (CompletionException e) {
            for (Writer writer : fresh) {
                if (writer != null) {
                    writer.close();
                }
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        Writers current = new Writers(fresh);
        Writers old = groups.put(group, current);
        if (old != null) {
            old.close();
        }
        LOG.debug("Kafka sink {}: group {} fenced ({} producers)", topic, group, fresh.length);
        return current;
    }

    /** A new producer with {@code transactional.id} {@code id}, initialised (closed again if that fails). */
    private Producer<String, byte[]> initialised(String id) {
        Producer<String, byte[]> producer = producers.apply(id);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /**
     * Writes the records in one of the group's transactions, with whatever else of the group arrives meanwhile, and
     * returns once it is committed.
     *
     * @return {@link Outcome#WRITTEN}, or {@link Outcome#FENCED} when another instance initialised the group's
     *         producers since this one did
     * @throws Exception the failure of the transaction (aborted: nothing of it is visible), to be retried
     */
    Outcome write(int group, List<ProducerRecord<String, byte[]>> records) throws Exception {
        Writers current = groups.get(group);
        if (current == null) {
            synchronized (lock(group)) {
                current = groups.get(group);
                if (current == null) {
                    current = replace(group);
                }
            }
        }
        return current.next().write(records);
    }

    /**
     * Writes each group's records in one of its transactions, the groups side by side ({@link #GROUPS_SIDE_BY_SIDE}
     * at most), and returns once every one is committed or failed.
     *
     * @return each group's outcome
     * @throws Exception the failure of a group's transaction (others may have been committed), the failures of the
     *                   other groups suppressed in it
     */
    Map<Integer, Outcome> write(Map<Integer, List<ProducerRecord<String, byte[]>>> groupRecords) throws Exception {
        if (groupRecords.size() == 1) {
            Map.Entry<Integer, List<ProducerRecord<String, byte[]>>> only = groupRecords.entrySet().iterator().next();
            return Map.of(only.getKey(), write(only.getKey(), only.getValue()));
        }
        Map<Integer, CompletableFuture<Outcome>> writes = new LinkedHashMap<>();
        groupRecords.forEach((group, records) -> writes.put(group, CompletableFuture.supplyAsync(() -> {
            try {
                return write(group, records);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, RUNS)));
        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        Exception failure = null;
        for (Map.Entry<Integer, CompletableFuture<Outcome>> write : writes.entrySet()) {
            try {
                outcomes.put(write.getKey(), write.getValue().get());
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception x ? x : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return outcomes;
    }

    private static ExecutorService runPool() {
        return DaemonThreads.idleEnding(GROUPS_SIDE_BY_SIDE, DaemonThreads.numbered("binance-kafka-run"));
    }

    @Override
    public void close() {
        groups.values().forEach(Writers::close);
        groups.clear();
    }

    /** A group's producers, taking turns: the next one that is not committing, else the next one. */
    private static final class Writers {
        private final Writer[] writers;
        private final AtomicInteger turn = new AtomicInteger();

        Writers(Writer[] writers) {
            this.writers = writers;
        }

        Writer next() {
            int first = turn.getAndIncrement();
            for (int i = 0; i < writers.length; i++) {
                Writer writer = writers[Math.floorMod(first + i, writers.length)];
                if (!writer.busy) {
                    return writer;
                }
            }
            return writers[Math.floorMod(first, writers.length)];
        }

        void close() {
            for (Writer writer : writers) {
                writer.close();
            }
        }
    }

    /** A batch waiting for its transaction; told its outcome, or that it leads the next transaction. */
    private static final class Pending {
        final List<ProducerRecord<String, byte[]>> records;
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        final CompletableFuture<Void> lead = new CompletableFuture<>();

        Pending(List<ProducerRecord<String, byte[]>> records) {
            this.records = records;
        }
    }

    /**
     * One transactional producer. The thread that finds no transaction running writes its own batch and every batch
     * queued with it; batches that arrive meanwhile queue, and the first of them leads the next transaction.
     */
    private final class Writer {
        final String id;
        private volatile Producer<String, byte[]> producer;
        private List<Pending> queue = new ArrayList<>();
        private volatile boolean busy;
        /** A failed transaction's abort did not reach Kafka: retried before the next transaction begins. */
        private boolean abortPending;
        /** A commit's outcome stayed unknown: the producer was closed, a new one is initialised at the next write. */
        private boolean broken;
        private volatile boolean fencedElsewhere;
        private volatile boolean closed;

        Writer(String id, Producer<String, byte[]> producer) {
            this.id = id;
            this.producer = producer;
        }

        Outcome write(List<ProducerRecord<String, byte[]>> records) throws Exception {
            Pending mine = new Pending(records);
            boolean lead;
            synchronized (this) {
                queue.add(mine);
                lead = !busy;
                busy = true;
            }
            if (!lead) {
                CompletableFuture.anyOf(mine.done, mine.lead).join();
            }
            if (!mine.done.isDone()) {
                List<Pending> round;
                synchronized (this) {
                    round = queue;
                    queue = new ArrayList<>();
                }
                try {
                    commit(round);
                } finally {
                    synchronized (this) {
                        if (queue.isEmpty()) {
                            busy = false;
                        } else {
                            queue.get(0).lead.complete(null);
                        }
                    }
                }
            }
            try {
                return mine.done.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** One transaction with the batches of {@code round}; tells each its outcome, whatever happens. */
        private void commit(List<Pending> round) {
            if (fencedElsewhere || closed) {
                round.forEach(p -> p.done.complete(Outcome.FENCED));
                return;
            }
            try {
                prepare();
                producer.beginTransaction();
                for (Pending pending : round) {
                    for (ProducerRecord<String, byte[]> record : pending.records) {
                        producer.send(record);
                    }
                }
                commitTransaction();
                round.forEach(p -> p.done.complete(Outcome.WRITTEN));
            } catch (ProducerFencedException e) {
                fenced(e);
                round.forEach(p -> p.done.complete(Outcome.FENCED));
            } catch (RuntimeException e) {
                abort(e);
                round.forEach(p -> p.done.completeExceptionally(e));
            } catch (Error e) {
                round.forEach(p -> p.done.completeExceptionally(e));
                throw e;
            }
        }

        /** A new producer after a commit of unknown outcome; the abort of the last failed transaction. */
        private void prepare() {
            if (broken) {
                producer = initialised(id);
                broken = false;
                abortPending = false;
            }
            if (abortPending) {
                producer.abortTransaction();
                abortPending = false;
            }
        }

        /**
         * Commits; a commit that times out (Kafka unreachable) is retried, as Kafka's producer requires, for up to
         * the transaction timeout. Still unknown then: the producer is closed (the broker aborts the transaction
         * unless the commit reached it) and the batches fail, to be delivered again.
         */
        private void commitTransaction() {
            long deadline = System.nanoTime() + TRANSACTION_TIMEOUT.toNanos();
            while (true) {
                try {
                    producer.commitTransaction();
                    return;
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    if (System.nanoTime() - deadline > 0 || closed) {
                        broken = true;
                        producer.close(Duration.ZERO);
                        throw new KafkaException("The commit of a transaction of " + id + " did not reach Kafka within "
                                + TRANSACTION_TIMEOUT.toSeconds() + " s; its batches are delivered again", e);
                    }
                    LOG.warn("Kafka sink {}: the commit of a transaction of {} timed out; trying again: {}", topic, id,
                            e.getMessage());
                }
            }
        }

        /** Aborts the failed transaction, now or (when Kafka cannot be reached) before the next one begins. */
        private void abort(RuntimeException failure) {
            if (broken) {
                return;
            }
            try {
                producer.abortTransaction();
            } catch (ProducerFencedException e) {
                fenced(e);
            } catch (RetriableException e) {
                abortPending = true;
            } catch (KafkaException e) {
                // nothing begun, or a state that allows no abort: a new producer at the next write
                broken = true;
                producer.close(Duration.ZERO);
                LOG.debug("Kafka sink {}: abort of {} after {}: {}", topic, id, failure, e.toString());
            }
        }

        private void fenced(ProducerFencedException e) {
            fencedElsewhere = true;
            LOG.info("Kafka sink {}: another instance took the group of {} ({}); this instance's batches of it are "
                    + "dropped from now on", topic, id, e.getMessage());
            producer.close(Duration.ZERO);
        }

        void close() {
            closed = true;
            producer.close(Duration.ZERO);
        }
    }
}
