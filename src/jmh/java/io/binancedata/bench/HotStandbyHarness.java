package io.binancedata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.support.ClusterInstance;
import io.binancedata.support.EmbeddedKafka;
import org.apache.curator.test.TestingServer;

/**
 * A SIGTERM take-over of many streams, cold and as a hot standby ({@code binance.cluster.hot-standby}), at process
 * level: two jars ({@code target/binance-data-integration.jar}) of one cluster, an in-process ZooKeeper and Kafka, the
 * fake exchange's synthetic market trading on whoever listens (trades made while no instance reads a stream are
 * served only over REST, as on Binance). Instance a leads every group (no balancing); b stands by; once b is ready
 * (hot: every stream subscribed and confirmed) and the streams have run 10 s, a gets SIGTERM (or SIGKILL: then b
 * takes over once ZooKeeper ends a's session, the default 6 s). Measured from the signal: <b>take-over</b>, every group led and every stream streaming on b; <b>caught up</b>, every stream of b has
 * delivered a live trade received after the SIGTERM (a stream waiting for its gap's REST fetch holds its later trades)
 * and none waits for a gap; the trades b backfilled; the REST weight b used meanwhile (the exchange's count).
 * <p>
 * Not part of {@code mvn verify}. Results: BENCHMARKS.md, "Hot standby".
 * <pre>
 * mvn -B -q package -DskipTests
 * mvn -B -q -Pbench test-compile exec:exec@hotstandby [-Dhotstandby.args="STREAMS RATE TERM|KILL"]
 *                                                                                    (default 300 600 TERM)
 * </pre>
 */
public final class HotStandbyHarness {
    private static final int GROUPS = 8;
    private static final Duration WAIT = Duration.ofMinutes(10);

    private HotStandbyHarness() {
    }

    record Result(String mode, long takeOverMillis, long caughtUpMillis, long backfilled, long restCalls) {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 600;
        boolean kill = args.length > 2 && args[2].equals("KILL");
        Path work = Files.createTempDirectory("hot-standby-harness");
        List<Result> results = new ArrayList<>();
        for (boolean hot : new boolean[] {false, true}) {
            results.add(run(work.resolve(hot ? "hot" : "cold"), streams, rate, hot, kill));
        }
        System.out.printf(Locale.ROOT, "%n%d trade streams, %.0f trades/s in total, %d groups, %s to the leader "
                + "of every group%n", streams, rate, GROUPS, kill ? "SIGKILL" : "SIGTERM");
        System.out.println("| take-over | every stream led and streaming | every stream caught up | trades backfilled "
                + "| REST requests |");
        System.out.println("|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.1f s | %.1f s | %,d | %,d |%n", r.mode(),
                    r.takeOverMillis() / 1000.0, r.caughtUpMillis() / 1000.0, r.backfilled(), r.restCalls());
        }
    }

    private static Result run(Path work, int streams, double rate, boolean hot, boolean kill) throws Exception {
        String mode = hot ? "hot standby" : "cold";
        // long enough for the whole run: the market must still trade when the take-over is measured
        SyntheticMarket market = SyntheticMarket.of(streams, (int) Math.max(1000, rate / streams * 900), rate);
        List<String> symbols = market.tradingSymbols();
        String topic = "standby-" + (hot ? "hot" : "cold") + ".trade";
        List<ClusterInstance> instances = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             TestingServer zookeeper = new TestingServer(true);
             FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market)
                     .burstMarketTradesOn(true))) {
            kafka.createTopic(topic, 3);
            ClusterInstance a = start(work, "a", exchange, kafka, zookeeper, symbols, topic, hot);
            instances.add(a);
            await("a leads and runs everything", () -> ClusterInstance.coveredBy(List.of(a), GROUPS, streams));
            ClusterInstance b = start(work, "b", exchange, kafka, zookeeper, symbols, topic, hot);
            instances.add(b);
            await("b is up" + (hot ? " and keeps every stream" : ""), () -> standby(b) == (hot ? streams : 0)
                    && b.process().isAlive());
            TimeUnit.SECONDS.sleep(10); // the streams run on a while (a harness's pause, not a test's wait)
            long restBefore = exchange.stats().restRequests();
            long stopMicros = System.currentTimeMillis() * 1000;
            long stop = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s: %s to a%n", mode, kill ? "SIGKILL" : "SIGTERM");
            if (kill) {
                a.process().destroyForcibly();
            } else {
                a.process().destroy();
            }
            await("b leads and runs everything", () -> ClusterInstance.coveredBy(List.of(b), GROUPS, streams));
            long takeOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop);
            await("every stream of b caught up", () -> caughtUp(b, stopMicros, streams));
            long caughtUp = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop);
            long backfilled = 0;
            for (JsonNode row : b.table().get("streams")) {
                backfilled += row.get("backfilled").asLong();
            }
            Result result = new Result(mode, takeOver, caughtUp, backfilled, exchange.stats().restRequests() - restBefore);
            System.out.printf(Locale.ROOT, "%s: %s%n", mode, result);
            return result;
        } finally {
            for (ClusterInstance instance : instances) {
                instance.process().destroy();
                if (!instance.process().waitFor(60, TimeUnit.SECONDS)) {
                    instance.process().destroyForcibly();
                }
            }
        }
    }

    private static ClusterInstance start(Path work, String node, FakeExchange exchange, EmbeddedKafka kafka,
                                         TestingServer zookeeper, List<String> symbols, String topic, boolean hot)
            throws Exception {
        return ClusterInstance.start(work, node, exchange, kafka.bootstrapServers(), zookeeper.getConnectString(),
                symbols, topic, GROUPS, List.of("-Dbinance.cluster.rebalance-delay=0s",
                        "-Dbinance.cluster.hot-standby=" + hot));
    }

    /** The streams the instance keeps as a hot standby; -1 while it cannot answer. */
    private static int standby(ClusterInstance instance) {
        try {
            return instance.table().get("cluster").get("standby").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Every stream delivered a live event received after {@code afterMicros} (its receive time: the event time plus
     * the lag; the synthetic market's event times are the recording's) and none waits for a gap: a stream whose gap
     * waits for its REST fetch holds the live events behind it.
     */
    private static boolean caughtUp(ClusterInstance instance, long afterMicros, int streams) {
        try {
            JsonNode rows = instance.table().get("streams");
            int done = 0;
            for (JsonNode row : rows) {
                long received = row.get("lastEventTime").asLong() + row.get("lagMicros").asLong();
                if (row.get("gapWaitingSince").asLong() == -1 && row.get("lastEventTime").asLong() > 0
                        && received > afterMicros) {
                    done++;
                }
            }
            return done == streams;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        HarnessWait.until(what, WAIT, condition);
    }
}
