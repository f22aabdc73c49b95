package io.binancedata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.binancedata.codec.SbeFraming;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sink.KafkaSinkComponent;
import io.binancedata.sink.SinkStream;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.spool.SpoolEndpoint;
import io.binancedata.spool.SpoolRecord;
import io.binancedata.spool.SpoolStore;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the Kafka sink's writes cost, alone and in a cluster: {@code streams} trade streams, each writing
 * {@code batches} batches of {@code events} trades (framed, as the spool hands a batch to the sink), from
 * {@code threads} threads (the drain threads: one per core by default), through the product's {@code binance-kafka}
 * component to an in-process broker (the tests' {@code EmbeddedKafka}, on this machine's disk). Twice: without a
 * cluster (one idempotent camel-kafka producer, every batch acknowledged before the next of its thread), and as a
 * cluster instance leading {@code groups} groups (a transactional producer per group, batches of a group that meet
 * committed together). Then every trade is checked: in the topic once, in order per symbol, read committed. Then the
 * same batches caught up from a spool (a sink that fell behind): its drainer re-delivering them one at a time and in
 * runs of up to 500, both ways.
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec@kafkasink [-Dkafkasink.args="STREAMS BATCHES EVENTS GROUPS THREADS RATE"]
 * </pre>
 * Defaults 200 100 1 8 2 1000 (RATE: batches a second in all of the paced runs).
 */
public final class KafkaSinkHarness {
    private static final long FIRST_ID = 1_000_000_000L;
    private static final long FIRST_TIME = 1_723_161_255_342L;

    private KafkaSinkHarness() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int groups = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        System.out.printf(Locale.ROOT, "%d streams x %d batches x %d trades, %d writer threads%n%n", streams, batches,
                events, threads);
        System.out.println("| Kafka sink | batches/s | trades/s | per call p50 / p99 / p99.9 (ms) "
                + "| send to Kafka p50 / p99 / p99.9 (ms) | checked |");
        System.out.println("|---|---|---|---|---|---|");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            runBoth(kafka, groups, streams, batches, events, threads, 0, 0);
            System.out.printf(Locale.ROOT, "%nLive through the spool (as the product sends): the same batches, each"
                    + " stream's next as soon as its thread comes back to it; spool slowDelivery in ms%n%n");
            System.out.println("| Kafka sink | slowDelivery | batches/s | trades/s | per call p50 / p99 / p99.9 (ms) "
                    + "| send to Kafka p50 / p99 / p99.9 (ms) | checked |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (long slowDelivery : new long[] {10, 1}) {
                runBoth(kafka, groups, streams, batches, events, threads, slowDelivery, 0);
            }
            double rate = args.length > 5 ? Double.parseDouble(args[5]) : 1000;
            System.out.printf(Locale.ROOT, "%nPaced: %,.0f batches/s in all (each stream's next batch due every %,.0f"
                    + " ms), through the spool (slowDelivery 10 ms); send to Kafka counted from when a batch was"
                    + " due%n%n", rate, streams * 1000.0 / rate);
            System.out.println("| Kafka sink | slowDelivery | batches/s | trades/s | per call p50 / p99 / p99.9 (ms) "
                    + "| due to Kafka p50 / p99 / p99.9 (ms) | checked |");
            System.out.println("|---|---|---|---|---|---|---|");
            runBoth(kafka, groups, streams, batches, events, threads, 10, rate);
            System.out.printf(Locale.ROOT, "%nCatching up: the same %d x %d batches spooled, re-delivered by the"
                    + " spool's drainer%n%n", streams, batches);
            System.out.println("| Kafka sink | spool maxRun | batches/s | trades/s | checked |");
            System.out.println("|---|---|---|---|---|");
            for (int maxRun : new int[] {1, 500}) {
                catchUp(kafka, "idempotent producer (no cluster)", "single", LeaderTerms.NONE, streams, batches, events,
                        maxRun);
                catchUp(kafka, "transactions, " + groups + " groups (cluster)", "cluster", new LeaderTerms(groups),
                        streams, batches, events, maxRun);
            }
        }
    }

    /**
     * A spool holding every stream's batches (the streams taking turns, as a sink that fell behind spools them) and
     * its drainer re-delivering them to the Kafka sink, {@code maxRun} at a time: batches a second from the spool's
     * start to its last batch acknowledged, then every trade checked.
     */
    private static void catchUp(EmbeddedKafka kafka, String name, String topicPart, LeaderTerms terms, int streams,
                                int batches, int events, int maxRun) throws Exception {
        String topic = "catchup." + topicPart + "." + maxRun;
        kafka.createTopic(topic, 6);
        Path dir = Files.createTempDirectory("kafkasink-spool");
        long[] termOf = terms(terms, streams);
        try (SpoolStore store = SpoolStore.open(dir.resolve("catchup"), 1L << 32, 64L << 20, false)) {
            List<List<byte[]>> bodies = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                bodies.add(framedBatches(topic, symbol(s), batches, events));
            }
            for (int b = 0; b < batches; b++) {
                for (int s = 0; s < streams; s++) {
                    store.append(new SpoolRecord(headers(s, events, termOf[s]), bodies.get(s).get(b)));
                }
            }
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addComponent("binance-kafka", new KafkaSinkComponent(terms, "bench", true));
        camel.start();
        long start;
        long end;
        try {
            String kafkaUri = KafkaSinkComponent.wrap("kafka:" + topic + "?brokers=" + kafka.bootstrapServers(),
                    false);
            start = System.nanoTime(); // the endpoint starts its drainer as the started context creates it
            SpoolEndpoint spool = camel.getEndpoint("spool:catchup?delegate=RAW(" + kafkaUri + ")&dir=RAW(" + dir
                    + ")&batch=true&maxRun=" + maxRun, SpoolEndpoint.class);
            while (spool.getSpoolDepth() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            end = System.nanoTime();
        } finally {
            camel.stop();
        }
        double seconds = (end - start) / 1e9;
        String checked = check(kafka.records(topic), streams, batches * events);
        System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %s |%n", name, maxRun, streams * batches / seconds,
                streams * (double) batches * events / seconds, checked);
    }

    /** Each stream's term in {@code terms}: its group's current one, opened if none is; 0 without a cluster. */
    private static long[] terms(LeaderTerms terms, int streams) {
        long[] termOf = new long[Math.max(1, streams)];
        for (int s = 0; s < streams; s++) {
            int group = terms.group(symbol(s));
            termOf[s] = terms.clustered() ? (terms.current(group) != 0 ? terms.current(group) : terms.open(group)) : 0;
        }
        return termOf;
    }

    /**
     * Both sinks, the idempotent producer (no cluster) then transactions in {@code groups} groups, each a row: every
     * stream's batches from {@code threads} threads, each thread sending its streams' next batches in turn, every
     * call returning before the thread's next: straight to the Kafka sink ({@code slowDelivery} 0), or through a spool
     * in front of it as the product sends ({@code slowDelivery}: the spool's option, ms). Batches a second from the
     * first send to the last batch in Kafka; per call (what a drain waits); send to Kafka: each record's timestamp
     * (set as the producer sends it, before a transaction's commit) less the wall time its batch was handed over.
     */
    private static void runBoth(EmbeddedKafka kafka, int groups, int streams, int batches, int events, int threads,
                                long slowDelivery, double rate) throws Exception {
        run(kafka, "idempotent producer (no cluster)", "single", LeaderTerms.NONE, streams, batches, events, threads,
                slowDelivery, rate);
        run(kafka, "transactions, " + groups + " groups (cluster)", "cluster", new LeaderTerms(groups), streams,
                batches, events, threads, slowDelivery, rate);
    }

    /**
     * One sink's row, as {@link #runBoth} says; {@code rate} batches a second in all when not 0: each stream's next
     * batch is due every {@code streams / rate} s (its thread sends it then, or as soon as it gets to it), and "send to
     * Kafka" counts from when it was due, so a drain that falls behind shows.
     */
    private static void run(EmbeddedKafka kafka, String name, String topicPart, LeaderTerms terms, int streams,
                            int batches, int events, int threads, long slowDelivery, double rate) throws Exception {
        String topic = "sink." + topicPart + (slowDelivery == 0 ? "" : ".spool" + slowDelivery)
                + (rate == 0 ? "" : ".paced");
        kafka.createTopic(topic, 6);
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            bodies.add(framedBatches(topic, symbol(s), batches + 1, events));
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addComponent("binance-kafka", new KafkaSinkComponent(terms, "bench", true));
        camel.start();
        long[] termOf = terms(terms, streams);
        String kafkaUri = KafkaSinkComponent.wrap("kafka:" + topic + "?brokers=" + kafka.bootstrapServers(), false);
        String uri = kafkaUri;
        SpoolEndpoint spool = null;
        if (slowDelivery != 0) {
            Path dir = Files.createTempDirectory("kafkasink-live");
            uri = "spool:live?delegate=RAW(" + kafkaUri + ")&dir=RAW(" + dir + ")&batch=true&slowDelivery="
                    + slowDelivery;
            spool = camel.getEndpoint(uri, SpoolEndpoint.class);
        }
        long[][] nanos = new long[threads][];
        long[][] sentAt = new long[streams][batches + 1];
        long start;
        long end;
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            for (int s = 0; s < streams; s++) { // warm-up: every stream's first batch (and each group's producer)
                byte[] framed = bodies.get(s).get(0);
                template.sendBodyAndHeaders(uri, spool == null ? framed : eventBatch(framed), headers(s, events,
                        termOf[s]));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<long[]>> done = new ArrayList<>();
            String target = uri;
            boolean spooled = spool != null;
            start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            double periodMillis = rate == 0 ? 0 : streams * 1000.0 / rate;
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<Integer> own = new ArrayList<>();
                    for (int s = thread; s < streams; s += threads) {
                        own.add(s);
                    }
                    long[] took = new long[own.size() * batches];
                    int n = 0;
                    for (int b = 1; b <= batches; b++) {
                        long due = startMillis + Math.round((b - 1) * periodMillis);
                        while (System.currentTimeMillis() < due) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(due - System.currentTimeMillis()));
                        }
                        for (int s : own) {
                            sentAt[s][b] = rate == 0 ? System.currentTimeMillis() : due;
                            long before = System.nanoTime();
                            byte[] framed = bodies.get(s).get(b);
                            // through a spool as the product sends: the stream's batch of SBE messages
                            Object body = spooled ? eventBatch(framed) : framed;
                            template.sendBodyAndHeaders(target, body, headers(s, events, termOf[s]));
                            took[n++] = System.nanoTime() - before;
                        }
                    }
                    return took;
                }));
            }
            for (int t = 0; t < threads; t++) {
                nanos[t] = done.get(t).get(10, TimeUnit.MINUTES);
            }
            while (spool != null && spool.getSpoolDepth() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            end = System.nanoTime();
            pool.shutdown();
        } finally {
            camel.stop();
        }
        long[] all = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
        double seconds = (end - start) / 1e9;
        List<ConsumerRecord<String, byte[]>> records = kafka.records(topic);
        String checked = check(records, streams, (batches + 1) * events);
        long[] toKafka = records.stream().mapToLong(record -> {
            int s = Integer.parseInt(record.key().substring(1, 5)) - 1;
            long id = SbeFiles.decode(new UnsafeBuffer(record.value()), 0, record.value().length).get("tradeId")
                    .asLong();
            int b = (int) ((id - FIRST_ID) / events);
            return b == 0 ? -1 : (record.timestamp() - sentAt[s][b]) * 1_000_000;
        }).filter(l -> l >= 0).sorted().toArray();
        String sink = slowDelivery == 0 ? "" : " " + slowDelivery + " |";
        System.out.printf(Locale.ROOT, "| %s |%s %,.0f | %,.0f | %.2f / %.2f / %.2f | %.0f / %.0f / %.0f | %s |%n",
                name, sink, all.length / seconds, all.length * (double) events / seconds, quantile(all, 0.5),
                quantile(all, 0.99), quantile(all, 0.999), quantile(toKafka, 0.5), quantile(toKafka, 0.99),
                quantile(toKafka, 0.999), checked);
    }

    /** A batch as a stream's pipeline hands it to its sinks, holding the framed messages of {@code framed}. */
    private static EventBatch eventBatch(byte[] framed) {
        UnsafeBuffer frames = new UnsafeBuffer(framed);
        EventBatch batch = new EventBatch();
        batch.reset(TradeDecoder.TEMPLATE_ID, null);
        for (int offset = 0; offset < framed.length; ) {
            int length = (int) SbeFraming.frameLength(frames, offset) - SbeFraming.HEADER_LENGTH;
            batch.claim(length).putBytes(batch.nextMessageOffset(), frames, offset + SbeFraming.HEADER_LENGTH, length);
            batch.commit(length, 0, 0, 0, 0, 0, null);
            offset += SbeFraming.HEADER_LENGTH + length;
        }
        return batch;
    }

    /** Every trade of every stream once, in order: "exact", or what is wrong. */
    private static String check(List<ConsumerRecord<String, byte[]>> records, int streams, int perStream) {
        Map<String, Long> next = new HashMap<>();
        int wrong = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            long id = SbeFiles.decode(new UnsafeBuffer(record.value()), 0, record.value().length).get("tradeId")
                    .asLong();
            long expected = next.getOrDefault(record.key(), FIRST_ID);
            wrong += id == expected ? 0 : 1;
            next.put(record.key(), id + 1);
        }
        long complete = next.values().stream().filter(n -> n == FIRST_ID + perStream).count();
        return wrong == 0 && complete == streams && records.size() == streams * perStream
                ? String.format(Locale.ROOT, "%,d trades exact", records.size())
                : String.format(Locale.ROOT, "WRONG: %,d records, %d out of order, %d of %d streams complete",
                        records.size(), wrong, complete, streams);
    }

    private static List<byte[]> framedBatches(String topic, String symbol, int batches, int events) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < batches * events; i++) {
            long id = FIRST_ID + i;
            long time = FIRST_TIME + i;
            frames.add("{\"e\":\"trade\",\"E\":" + time + ",\"s\":\"" + symbol + "\",\"t\":" + id
                    + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":" + time + ",\"m\":true,\"M\":true}");
        }
        List<ProducerRecord<String, byte[]>> messages = SinkStream.trades(symbol).events(topic, frames);
        List<byte[]> batchBodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<ProducerRecord<String, byte[]>> of = messages.subList(b * events, (b + 1) * events);
            int length = of.stream().mapToInt(r -> SbeFraming.HEADER_LENGTH + r.value().length).sum();
            UnsafeBuffer body = new UnsafeBuffer(new byte[length]);
            int offset = 0;
            for (ProducerRecord<String, byte[]> record : of) {
                SbeFraming.writeHeader(body, offset, record.value().length);
                body.putBytes(offset + SbeFraming.HEADER_LENGTH, record.value());
                offset += SbeFraming.HEADER_LENGTH + record.value().length;
            }
            batchBodies.add(body.byteArray());
        }
        return batchBodies;
    }

    private static Map<String, Object> headers(int stream, int events, long term) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(StreamHeaders.SYMBOL, symbol(stream));
        headers.put(StreamHeaders.STREAM_ID, StreamKey.trade(symbol(stream)).id());
        headers.put(StreamHeaders.MESSAGE_COUNT, Integer.toString(events));
        if (term != 0) {
            headers.put(StreamHeaders.LEADER_TERM, term);
        }
        return headers;
    }

    private static double quantile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
                / 1e6;
    }

    private static String symbol(int k) {
        return String.format(Locale.ROOT, "S%04dUSDT", k + 1);
    }
}
