package io.binancedata.sink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Kafka topic of the Kafka sink holds of each stream: the position of its last record, in the text of
 * {@code SequenceGuard#position()} ({@code trade <id>}, {@code kline <open> <event> <close> <closed> <next f>},
 * times in milliseconds), so that an instance taking over a dead one's streams continues exactly where its writes
 * ended.
 * <p>
 * A symbol's records are all in one partition, the one the producer's default partitioner gives their key (the
 * symbol, UTF-8). Each partition needed is read backwards from its end offset in windows: the last
 * {@value #FIRST_WINDOW} records, then windows 4 times larger further back, until every stream wanted there has its
 * last record, or the beginning of the partition is reached, or the limit of records read back is (a stream not found
 * within the limit is absent from the answer, with a WARN: it may have older records). Within a window the record of
 * the highest offset wins; a record of {@code batch=true} (header {@code BinanceMessageCount}) counts by its last
 * framed message. A record of a wanted stream (header {@code BinanceStreamId}) that does not decode is skipped with a
 * WARN naming its topic, partition and offset.
 * <p>
 * Reads in assign mode without a consumer group: no group is joined, no offset committed. The isolation level is the
 * caller's: a cluster's sink writes in transactions, and its take-over reads with {@code read_committed} (a fenced
 * leader's aborted records are no position; the windows count offsets, transaction markers included). One consumer,
 * kept open between calls; not thread-safe.
 */
public final class KafkaPositions implements AutoCloseable {
    /** Records read back from the end of one partition at most, unless the constructor says otherwise. */
    public static final int DEFAULT_MAX_RECORDS = 1_000_000;
    /** Records of the first window read back from a partition's end; each further window is 4 times larger. */
    public static final int FIRST_WINDOW = 1024;

    private static final int WINDOW_GROWTH = 4;
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPositions.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int maxRecords;

    /**
     * What a topic holds of the streams asked for.
     *
     * @param positions      the position of each stream's last record, by stream id; a stream without a record
     *                       (within the limit of records read back) is absent
     * @param olderThanLimit the streams left out because the limit of records read back was reached first (not the
     *                       partition's beginning), with the create time (epoch ms) of the oldest record read in their
     *                       partition: each one's last record, if any, is older than that. Records are time-stamped
     *                       when sent, after the event they carry, so no event of such a stream at or after that time
     *                       was written.
     */
    public record Ends(Map<String, String> positions, Map<String, Long> olderThanLimit) {
        public Ends {
            positions = Map.copyOf(positions);
            olderThanLimit = Map.copyOf(olderThanLimit);
        }
    }

    /**
     * @param consumerProperties at least {@code bootstrap.servers}, plus the sink's security settings; a group id is
     *                           ignored (no group needed), auto commit is switched off, and so is topic creation
     */
    public KafkaPositions(Properties consumerProperties) {
        this(consumerProperties, DEFAULT_MAX_RECORDS);
    }

    /**
     * @param consumerProperties as for {@link #KafkaPositions(Properties)}
     * @param maxRecordsPerPartition records read back from the end of a partition at most
     * @throws IllegalArgumentException without {@code bootstrap.servers}, or for a limit below 1
     */
    public KafkaPositions(Properties consumerProperties, int maxRecordsPerPartition) {
        if (consumerProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("The consumer properties need "
                    + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        if (maxRecordsPerPartition < 1) {
            throw new IllegalArgumentException("maxRecordsPerPartition must be at least 1: " + maxRecordsPerPartition);
        }
        this.maxRecords = maxRecordsPerPartition;
        this.consumer = new KafkaConsumer<>(config(consumerProperties), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static Properties config(Properties given) {
        Properties config = new Properties();
        config.putAll(given);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // a window whose records retention deleted meanwhile is read from the new beginning, not skipped to the end
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the consumer fetches ahead: at a window's upper bound, the end of the log, its fetch would wait this long for
        // new records (500 ms by default) and hold up the seek to the next window or partition
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        return config;
    }

    /**
     * The position of the last record of each wanted stream in {@code topic}, and the streams left out at the limit of
     * records read back; every stream of a topic that does not exist is absent from both (with a WARN).
     *
     * @param streamsBySymbol symbol, exactly as the record key (upper case, {@code BinanceSymbol}) → the ids of the
     *                        streams wanted of it ({@code trade-btcusdt}, {@code kline-btcusdt-1m}: a kline topic
     *                        holds every interval of a symbol under its key, told apart by {@code BinanceStreamId})
     * @param timeout         for the whole answer
     * @throws IllegalArgumentException if a stream id is not the id of a stream of its symbol
     * @throws TimeoutException         if the answer takes longer than {@code timeout}
     */
    public Ends lastPositions(String topic, Map<String, Set<String>> streamsBySymbol, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        if (partitions.isEmpty()) {
            LOG.warn("Topic {} does not exist: no stream has a position there", topic);
            return new Ends(Map.of(), Map.of());
        }
        Map<TopicPartition, Map<String, StreamEnd>> wanted = wanted(topic, streamsBySymbol, partitions.size());
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(wanted.keySet(), remaining(deadline));
        Map<TopicPartition, Long> end = consumer.endOffsets(wanted.keySet(), remaining(deadline));
        Map<String, String> positions = new TreeMap<>();
        Map<String, Long> olderThan = new TreeMap<>();
        long read = 0;
        try {
            for (Map.Entry<TopicPartition, Map<String, StreamEnd>> partition : wanted.entrySet()) {
                TopicPartition tp = partition.getKey();
                read += readBack(tp, begin.get(tp), end.get(tp), partition.getValue(), deadline, olderThan);
                partition.getValue().forEach((id, stream) -> stream.position().ifPresent(p -> positions.put(id, p)));
            }
        } finally {
            consumer.unsubscribe();
        }
        LOG.info("Topic {}: {} of the {} streams asked for have a position ({} records read back from the end of {} "
                + "partitions in {} ms)", topic, positions.size(), count(wanted), read, wanted.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return new Ends(positions, olderThan);
    }

    /**
     * The partition the producer's default partitioner gives a record keyed by {@code symbol}, written as UTF-8: the
     * producer's {@code BuiltInPartitioner.partitionForKey} (kafka-clients 3.9), over all the topic's partitions.
     */
    static int partitionOf(String symbol, int partitions) {
        return Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Map<TopicPartition, Map<String, StreamEnd>> wanted(String topic,
                                                                      Map<String, Set<String>> streamsBySymbol,
                                                                      int partitions) {
        Map<TopicPartition, Map<String, StreamEnd>> wanted = new LinkedHashMap<>();
        streamsBySymbol.forEach((symbol, ids) -> {
            TopicPartition partition = new TopicPartition(topic, partitionOf(symbol, partitions));
            for (String id : ids) {
                StreamKey key = StreamKey.fromId(id).filter(k -> k.symbol().equals(symbol))
                        .orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not the id of a stream of "
                                + "the symbol '" + symbol + "'"));
                wanted.computeIfAbsent(partition, p -> new HashMap<>())
                        .put(id, new StreamEnd(key.kind() == StreamKind.KLINE));
            }
        });
        return wanted;
    }

    /**
     * Reads {@code partition} back from {@code end} in windows, each 4 times larger than the one before, until every
     * stream of {@code streams} is complete, the beginning is reached or the limit of records is.
     *
     * @param olderThan where the streams not found within the limit go, with the oldest record time read
     * @return the records read
     */
    private long readBack(TopicPartition partition, long begin, long end, Map<String, StreamEnd> streams,
                          long deadline, Map<String, Long> olderThan) {
        consumer.assign(List.of(partition));
        long to = end;
        long window = FIRST_WINDOW;
        long read = 0;
        long oldest = Long.MAX_VALUE;
        while (to > begin && read < maxRecords && !allComplete(streams)) {
            long from = Math.max(begin, to - Math.min(window, maxRecords - read));
            oldest = Math.min(oldest, readWindow(partition, from, to, streams, deadline));
            streams.values().forEach(StreamEnd::endWindow);
            read += to - from;
            to = from;
            window *= WINDOW_GROWTH;
        }
        if (to > begin && !allComplete(streams)) {
            List<String> open = new ArrayList<>();
            long before = oldest;
            streams.forEach((id, stream) -> {
                if (!stream.complete()) {
                    open.add(stream.found() ? id + " (found; older records could still move its end)" : id);
                    if (!stream.found() && before != Long.MAX_VALUE) {
                        olderThan.put(id, before);
                    }
                }
            });
            LOG.warn("Topic {} partition {}: the last {} records (the limit) do not hold the end of {}; a stream not "
                    + "found there is left out of the answer though older records may hold it", partition.topic(),
                    partition.partition(), read, open);
        }
        return read;
    }

    /** Offers the records of offsets [from, to) to the streams; returns the oldest of their timestamps. */
    private long readWindow(TopicPartition partition, long from, long to, Map<String, StreamEnd> streams,
                            long deadline) {
        consumer.seek(partition, from);
        long oldest = Long.MAX_VALUE;
        while (consumer.position(partition, remaining(deadline)) < to) {
            Duration poll = remaining(deadline);
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(poll.compareTo(MAX_POLL) < 0 ? poll : MAX_POLL)
                    .records(partition)) {
                if (record.offset() < to) {
                    oldest = record.timestamp() >= 0 ? Math.min(oldest, record.timestamp()) : oldest;
                    offer(record, streams);
                }
            }
        }
        return oldest;
    }

    private static void offer(ConsumerRecord<byte[], byte[]> record, Map<String, StreamEnd> streams) {
        Header idHeader = record.headers().lastHeader(StreamHeaders.STREAM_ID);
        if (idHeader == null || idHeader.value() == null) {
            return;
        }
        String id = new String(idHeader.value(), StandardCharsets.UTF_8);
        StreamEnd stream = streams.get(id);
        if (stream == null || stream.complete()) {
            return;
        }
        boolean framed = record.headers().lastHeader(StreamHeaders.MESSAGE_COUNT) != null;
        try {
            stream.offer(record.value() == null ? new byte[0] : record.value(), framed);
        } catch (IllegalArgumentException e) {
            LOG.warn("Topic {} partition {} offset {}: skipping a record of stream {} that does not decode: {}",
                    record.topic(), record.partition(), record.offset(), id, e.getMessage());
        }
    }

    private static boolean allComplete(Map<String, StreamEnd> streams) {
        return streams.values().stream().allMatch(StreamEnd::complete);
    }

    private static int count(Map<TopicPartition, Map<String, StreamEnd>> wanted) {
        return wanted.values().stream().mapToInt(Map::size).sum();
    }

    private static Duration remaining(long deadline) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new TimeoutException("No answer within the timeout");
        }
        return Duration.ofNanos(nanos);
    }

    /** Closes the consumer. */
    @Override
    public void close() {
        consumer.close();
    }
}
