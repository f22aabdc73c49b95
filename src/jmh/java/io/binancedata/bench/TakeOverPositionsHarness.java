package io.binancedata.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.binancedata.sink.KafkaPositions;
import io.binancedata.sink.SinkStream;
import io.binancedata.stream.StreamGroups;
import io.binancedata.stream.StreamKey;
import io.binancedata.support.EmbeddedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a cluster take-over of the whole exchange costs in reading Kafka: a topic holding {@code records} trades of
 * {@code symbols} symbols, as the Kafka sink writes them (one record per trade, key the symbol, through each stream's
 * own frame pipeline), the symbols trading as unevenly as on Binance (symbol k's share ∝ 1/k: the busiest carries 13 %
 * of 1,500 symbols' trades, the quietest 0.01 %), interleaved in time, the quietest {@code quiet} share of the
 * symbols trading only in the first 5 % of the records (their last record is deep in the topic); then, for each of {@code groups} groups, the
 * time {@link KafkaPositions} takes to find the last record of every trade stream of the group, as a new leader does
 * before it starts them ({@code KafkaGroupPositions}, 20 s at most), and a check that each is the symbol's last trade.
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec@takeover [-Dtakeover.args="SYMBOLS RECORDS PARTITIONS GROUPS QUIET"]
 * </pre>
 * Defaults 1500 1000000 6 8 0.1. An in-process Kafka broker (the tests' {@code EmbeddedKafka}), on this machine's disk.
 */
public final class TakeOverPositionsHarness {
    private static final String TOPIC = "takeover.trade";
    private static final long FIRST_ID = 1_000_000_000L;
    private static final long FIRST_TIME = 1_723_161_255_342L;

    private TakeOverPositionsHarness() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int groups = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        double quiet = args.length > 4 ? Double.parseDouble(args[4]) : 0.1;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, partitions);
            long[] last = write(kafka, symbols, records, quiet);
            System.out.printf(Locale.ROOT, "%n| group | trade streams | with a record | found | ms |%n"
                    + "|---|---|---|---|---|%n");
            long slowest = 0;
            int wrong = 0;
            for (int group = 0; group < groups; group++) {
                Map<String, Set<String>> wanted = new LinkedHashMap<>();
                int written = 0;
                for (int k = 0; k < symbols; k++) {
                    if (StreamGroups.group(symbol(k), groups) == group) {
                        wanted.put(symbol(k), Set.of(StreamKey.trade(symbol(k)).id()));
                        written += last[k] >= 0 ? 1 : 0;
                    }
                }
                long start = System.nanoTime();
                Map<String, String> positions;
                try (KafkaPositions reader = new KafkaPositions(consumer(kafka))) {
                    positions = reader.lastPositions(TOPIC, wanted, Duration.ofSeconds(120)).positions();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                slowest = Math.max(slowest, millis);
                for (int k = 0; k < symbols; k++) {
                    String id = StreamKey.trade(symbol(k)).id();
                    if (wanted.containsKey(symbol(k)) && last[k] >= 0
                            && !("trade " + last[k]).equals(positions.get(id))) {
                        wrong++;
                    }
                }
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %,d |%n", group,
                        wanted.size(), written, positions.size(), millis);
            }
            System.out.printf(Locale.ROOT, "%nslowest group %,d ms; positions not the symbol's last trade: %d%n",
                    slowest, wrong);
        }
    }

    /** Writes the trades; the last trade id of each symbol, -1 for one that never traded. */
    private static long[] write(EmbeddedKafka kafka, int symbols, int records, double quiet) throws Exception {
        int active = symbols - (int) Math.round(symbols * quiet);
        double[] cumulative = new double[symbols];
        double sum = 0;
        for (int k = 0; k < symbols; k++) {
            sum += 1.0 / (k + 1);
            cumulative[k] = sum;
        }
        Random random = new Random(42);
        long[] next = new long[symbols];
        long[] last = new long[symbols];
        java.util.Arrays.fill(last, -1);
        Map<Integer, SinkStream> streams = new HashMap<>();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                double u = random.nextDouble() * (i < records / 20 ? sum : cumulative[active - 1]);
                int k = java.util.Arrays.binarySearch(cumulative, u);
                k = k >= 0 ? k : -k - 1;
                long id = FIRST_ID + next[k]++;
                last[k] = id;
                long time = FIRST_TIME + i / 3; // 3,000 trades a second over the whole exchange
                String frame = "{\"e\":\"trade\",\"E\":" + time + ",\"s\":\"" + symbol(k) + "\",\"t\":" + id
                        + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":" + time + ",\"m\":true,\"M\":true}";
                List<ProducerRecord<String, byte[]>> out = streams.computeIfAbsent(k,
                        s -> SinkStream.trades(symbol(s))).events(TOPIC, List.of(frame));
                out.forEach(producer::send);
            }
            producer.flush();
        }
        int traded = 0;
        for (long id : last) {
            traded += id >= 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%,d trades of %d symbols (%d traded at all; %d only in the first 5 %%) written "
                + "in %,d ms; the busiest %,d trades, the quietest that traded %,d%n", records, symbols, traded,
                symbols - active,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), next[0], minPositive(next));
        return last;
    }

    private static long minPositive(long[] counts) {
        long min = Long.MAX_VALUE;
        for (long c : counts) {
            if (c > 0) {
                min = Math.min(min, c);
            }
        }
        return min;
    }

    private static Properties consumer(EmbeddedKafka kafka) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    private static String symbol(int k) {
        return String.format(Locale.ROOT, "S%04dUSDT", k + 1);
    }
}
