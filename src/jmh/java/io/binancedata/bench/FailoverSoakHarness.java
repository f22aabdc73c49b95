package io.binancedata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.fake.TapeTrade;
import io.binancedata.support.ClusterInstance;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A failover soak: two jars ({@code target/binance-data-integration.jar}) of one cluster, hot standbys of each other
 * ({@code binance.cluster.hot-standby}; {@code cold} as the fourth argument for none), write the trade streams of a
 * synthetic market that trades on whoever listens (trades made while no instance reads a stream are served only over
 * REST, as on Binance) to one Kafka topic (an in-process ZooKeeper and Kafka). Every {@code interval}, the instance
 * that leads the most groups (of two as busy, a and b in turns, so that each gets both signals) gets SIGKILL (odd
 * cycles) or SIGTERM (even ones); once the other runs every group and
 * every stream, the signalled one is started again (same node id, same data directory: what a SIGKILL left in its
 * Kafka spool is sent again, and must be fenced) and the groups are balanced back (a graceful hand-over, the hot
 * standby's kept frames adopted). After the last cycle and a minute more, both get SIGTERM, and Kafka is read
 * ({@code read_committed}): per stream, from its first trade written to its last, every trade exactly once, in order,
 * exact (price, quantity, symbol) — missing, duplicated, out-of-order and wrong trades are counted, and the verdict is
 * PASSED only when all are 0. Per cycle: the take-over (signal → every group led and every stream streaming on the
 * survivor), the balance (restart → each instance leads half of the groups, every stream streaming), the REST
 * requests meanwhile (a hot take-over needs none).
 * <p>
 * Not part of {@code mvn verify}. Results: SOAK.md, "Failover soak".
 * <pre>
 * mvn -B -q package -DskipTests
 * mvn -B -q -Pbench test-compile exec:exec@failoversoak [-Dfailoversoak.args="STREAMS CYCLES INTERVAL_S hot|cold"]
 *                                                                                   (default 20 10 90 hot)
 * </pre>
 */
public final class FailoverSoakHarness {
    private static final int GROUPS = 8;
    private static final double TRADES_PER_SECOND_PER_STREAM = 20;
    private static final String TOPIC = "failover-soak.trade";
    private static final Duration WAIT = Duration.ofMinutes(5);

    private FailoverSoakHarness() {
    }

    record Cycle(int number, String signal, String victim, long takeOverMillis, long balancedMillis,
                 long restRequests, long records) {
    }

    /** Per stream, what Kafka holds against the market: each trade from the first written to the last, once. */
    record Check(long records, long streams, long missing, long duplicates, long outOfOrder, long wrong,
                 long backfilled) {
        boolean passed() {
            return streams > 0 && missing == 0 && duplicates == 0 && outOfOrder == 0 && wrong == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Duration interval = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 90);
        boolean hot = args.length <= 3 || !args[3].equals("cold");
        // trades for the whole run and more: a cycle can outlast its interval
        long seconds = (cycles + 2) * interval.toSeconds() * 2 + 600;
        SyntheticMarket market = SyntheticMarket.of(streams,
                (int) Math.min(Integer.MAX_VALUE, seconds * (long) TRADES_PER_SECOND_PER_STREAM),
                streams * TRADES_PER_SECOND_PER_STREAM);
        List<String> symbols = market.tradingSymbols();
        Path work = Files.createTempDirectory("failover-soak");
        System.out.printf(Locale.ROOT, "Failover soak: %d trade streams at %.0f trades/s each, %d groups, %d cycles "
                        + "every %s, %s; work %s%n", streams, TRADES_PER_SECOND_PER_STREAM, GROUPS, cycles, interval,
                hot ? "hot standbys" : "cold standbys", work);
        List<Cycle> done = new ArrayList<>();
        List<ClusterInstance> instances = new ArrayList<>();
        Check check;
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             TestingServer zookeeper = new TestingServer(true);
             FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market)
                     .burstMarketTradesOn(true))) {
            kafka.createTopic(TOPIC, 3);
            try {
                for (String node : List.of("a", "b")) {
                    instances.add(start(work, node, exchange, kafka, zookeeper, symbols, hot));
                }
                await("the groups shared out", () -> balanced(instances, streams));
                for (int n = 1; n <= cycles; n++) {
                    long cycleStart = System.nanoTime();
                    done.add(cycle(n, work, instances, exchange, kafka, zookeeper, symbols, hot));
                    System.out.printf(Locale.ROOT, "%s%n", done.get(done.size() - 1));
                    long rest = interval.toNanos() - (System.nanoTime() - cycleStart);
                    if (rest > 0) {
                        TimeUnit.NANOSECONDS.sleep(rest); // the cluster runs undisturbed until the next fault
                    }
                }
                TimeUnit.SECONDS.sleep(60);
                for (ClusterInstance instance : instances) {
                    instance.process().destroy();
                }
                for (ClusterInstance instance : instances) {
                    if (!instance.process().waitFor(60, TimeUnit.SECONDS)) {
                        System.out.printf("%s did not stop within 60 s of its SIGTERM%n", instance.node());
                    }
                }
            } finally {
                for (ClusterInstance instance : instances) {
                    instance.process().destroyForcibly();
                    instance.process().waitFor(30, TimeUnit.SECONDS);
                }
            }
            check = check(kafka.records(TOPIC), symbols);
        }
        report(done, check);
        System.exit(check.passed() ? 0 : 1);
    }

    /** One fault: the busiest instance signalled, the survivor takes everything, the signalled one back, balanced. */
    private static Cycle cycle(int n, Path work, List<ClusterInstance> instances, FakeExchange exchange,
                               EmbeddedKafka kafka, TestingServer zookeeper, List<String> symbols, boolean hot)
            throws Exception {
        int streams = symbols.size();
        // the busiest; of two as busy (balanced), each in turn
        Map<ClusterInstance, Integer> led = new LinkedHashMap<>();
        instances.forEach(i -> led.put(i, i.share().groups().size()));
        int most = Collections.max(led.values());
        List<ClusterInstance> busiest = instances.stream().filter(i -> led.get(i) == most).toList();
        ClusterInstance victim = busiest.get((n / 2) % busiest.size());
        ClusterInstance survivor = instances.get(instances.get(0) == victim ? 1 : 0);
        boolean kill = n % 2 == 1;
        long restBefore = exchange.stats().restRequests();
        long signalled = System.nanoTime();
        if (kill) {
            victim.process().destroyForcibly();
        } else {
            victim.process().destroy();
        }
        await("cycle " + n + ": " + survivor.node() + " runs everything",
                () -> ClusterInstance.coveredBy(List.of(survivor), GROUPS, streams));
        long takeOver = System.nanoTime() - signalled;
        if (!victim.process().waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(victim.node() + " did not exit within 60 s of its signal");
        }
        Path log = victim.log();
        Files.move(log, log.resolveSibling("jar-" + n + ".log"), StandardCopyOption.REPLACE_EXISTING);
        long restarted = System.nanoTime();
        ClusterInstance again = start(work, victim.node(), exchange, kafka, zookeeper, symbols, hot);
        instances.set(instances.indexOf(victim), again);
        await("cycle " + n + ": balanced again", () -> balanced(instances, streams));
        long balanced = System.nanoTime() - restarted;
        return new Cycle(n, kill ? "SIGKILL" : "SIGTERM", victim.node(), TimeUnit.NANOSECONDS.toMillis(takeOver),
                TimeUnit.NANOSECONDS.toMillis(balanced), exchange.stats().restRequests() - restBefore,
                kafka.count(TOPIC));
    }

    private static ClusterInstance start(Path work, String node, FakeExchange exchange, EmbeddedKafka kafka,
                                         TestingServer zookeeper, List<String> symbols, boolean hot)
            throws Exception {
        return ClusterInstance.start(work, node, exchange, kafka.bootstrapServers(), zookeeper.getConnectString(),
                symbols, TOPIC, GROUPS, List.of("-Dbinance.cluster.zookeeper.session-timeout=4s",
                        "-Dbinance.cluster.check-interval=250ms", "-Dbinance.cluster.rebalance-delay=5s",
                        "-Dbinance.reconnect.delay=500ms", "-Dbinance.cluster.hot-standby=" + hot));
    }

    /** Both instances run everything together, each leading half of the groups. */
    private static boolean balanced(List<ClusterInstance> instances, int streams) {
        return ClusterInstance.coveredBy(instances, GROUPS, streams)
                && instances.stream().allMatch(i -> i.share().groups().size() == GROUPS / instances.size());
    }

    /** Per symbol: the market's trades from the first written to the last written, each once, in order, exact. */
    static Check check(List<ConsumerRecord<String, byte[]>> records, List<String> symbols) {
        Map<String, List<JsonNode>> bySymbol = new LinkedHashMap<>();
        symbols.forEach(s -> bySymbol.put(s, new ArrayList<>()));
        long wrong = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            List<JsonNode> trades = bySymbol.get(record.key());
            if (trades == null) {
                wrong++; // a record of no stream of the market
                continue;
            }
            trades.add(SbeFiles.decode(new UnsafeBuffer(record.value()), 0, record.value().length));
        }
        long streams = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long backfilled = 0;
        for (Map.Entry<String, List<JsonNode>> entry : bySymbol.entrySet()) {
            List<JsonNode> trades = entry.getValue();
            if (trades.isEmpty()) {
                continue;
            }
            streams++;
            long highest = -1;
            java.util.BitSet seen = new java.util.BitSet();
            for (JsonNode trade : trades) {
                long k = trade.get("tradeId").asLong() - SyntheticMarket.firstTradeId();
                TapeTrade expected = SyntheticMarket.trade(k);
                if (!trade.get("price").asText().equals(SbeFiles.exact(expected.price()))
                        || !trade.get("quantity").asText().equals(SbeFiles.exact(expected.qty()))
                        || !trade.get("symbol").asText().equals(entry.getKey())) {
                    wrong++;
                }
                if (seen.get((int) k)) {
                    duplicates++;
                } else if (k < highest) {
                    outOfOrder++;
                }
                seen.set((int) k);
                highest = Math.max(highest, k);
                backfilled += "BACKFILL".equals(trade.get("source").asText()) ? 1 : 0;
            }
            int first = seen.nextSetBit(0);
            missing += (highest - first + 1) - seen.cardinality();
        }
        return new Check(records.size(), streams, missing, duplicates, outOfOrder, wrong, backfilled);
    }

    private static void report(List<Cycle> cycles, Check check) {
        System.out.printf(Locale.ROOT, "%n| cycle | signal | to | take-over | balanced again after restart "
                + "| REST requests | records in Kafka |%n|---|---|---|---|---|---|---|%n");
        for (Cycle c : cycles) {
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %.1f s | %.1f s | %,d | %,d |%n", c.number(), c.signal(),
                    c.victim(), c.takeOverMillis() / 1000.0, c.balancedMillis() / 1000.0, c.restRequests(),
                    c.records());
        }
        System.out.printf(Locale.ROOT, "%nKafka: %,d records of %d streams; missing %d, duplicated %d, out of order %d,"
                        + " wrong %d; %,d backfilled%nVERDICT: %s%n", check.records(), check.streams(),
                check.missing(), check.duplicates(), check.outOfOrder(), check.wrong(), check.backfilled(),
                check.passed() ? "PASSED" : "FAILED");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        HarnessWait.until(what, WAIT, condition);
    }
}
