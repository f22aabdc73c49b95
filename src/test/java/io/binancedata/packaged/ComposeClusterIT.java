package io.binancedata.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.stream.StreamGroups;
import io.binancedata.support.ClusterInstance;
import io.binancedata.support.ComposeFiles;
import io.binancedata.support.EmbeddedArtemis;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.JarProcess;
import io.binancedata.support.MainProcess;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker/compose.cluster.yaml over docker/compose.yaml without a Docker engine: the packaged jar runs twice, with the
 * environments of binance-data and binance-data-2 merged from both files as compose merges them, the brokers',
 * ZooKeeper's and the HTTP servers' hosts replaced, against a real Artemis broker, a real Kafka broker (KRaft), a real
 * ZooKeeper (all three in this JVM) and the fake exchange. Eight symbols, one in each of the 8 groups: the two
 * instances (nodes a and b) end up leading 4 groups each, and each of the 16 streams streams on exactly one of them,
 * the one that leads its symbol's group; Kafka gets the trades of all 8 symbols. (ComposeClusterTest checks the rest
 * of the overlay without running anything.)
 */
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class ComposeClusterIT {
    private static final Path COMPOSE = Path.of("docker/compose.yaml");
    private static final Path CLUSTER = Path.of("docker/compose.cluster.yaml");
    private static final int GROUPS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(ComposeClusterIT.class);
    /**
     * How long the two jars may take to start and share the groups out: ~18 s alone, ~60 s beside ClusterFailoverIT's
     * three jars on two cores (this test checks where the groups end up, not how fast).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    @Test
    void shouldShareTheGroupsAndStreamEachStreamOnOneInstanceWithTheComposeFilesEnvironments(@TempDir Path work)
            throws Exception {
        // the first symbol of the synthetic market in each group
        Map<Integer, String> symbolOfGroup = new TreeMap<>();
        int listed = 0;
        while (symbolOfGroup.size() < GROUPS) {
            String symbol = SyntheticMarket.symbol(listed++);
            symbolOfGroup.putIfAbsent(StreamGroups.group(symbol, GROUPS), symbol);
        }
        String symbols = String.join(",", symbolOfGroup.values());
        Map<String, String> variables = Map.of("BINANCE_CONTROL_TOKEN", "compose-cluster-token",
                "ARTEMIS_PASSWORD", "compose-cluster-password", "BINANCE_TRADE_SYMBOLS", symbols,
                "BINANCE_KLINE_SYMBOLS", symbols);
        Map<String, String> a = ComposeFiles.environment("binance-data", variables, COMPOSE, CLUSTER);
        Map<String, String> b = ComposeFiles.environment("binance-data-2", variables, COMPOSE, CLUSTER);
        for (Map<String, String> environment : List.of(a, b)) {
            assertThat(environment).containsEntry("BINANCE_CLUSTER_GROUPS", Integer.toString(GROUPS))
                    .containsEntry("BINANCE_CLUSTER_ZOOKEEPER_NODES", "zookeeper:2181")
                    .containsEntry("BINANCE_KLINE_INTERVALS", "1m");
        }

        // 2 trades a second per symbol, for minutes
        SyntheticMarket market = new SyntheticMarket(listed, 600, listed * 2.0, 0);
        List<ClusterInstance> instances = new ArrayList<>();
        long begin = System.nanoTime();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market));
             EmbeddedArtemis broker = new EmbeddedArtemis(work.resolve("artemis"), "binance.trades", "binance.klines");
             EmbeddedKafka kafka = EmbeddedKafka.start();
             TestingServer zookeeper = new TestingServer(true)) {
            kafka.createTopic("binance.trade", 3);
            kafka.createTopic("binance.kline", 3);
            LOG.info("Exchange, Artemis, Kafka and ZooKeeper up in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            try {
                long started = System.nanoTime();
                instances.add(start(work, "a", a, exchange, broker, kafka, zookeeper));
                instances.add(start(work, "b", b, exchange, broker, kafka, zookeeper));
                awaitSplit(instances);
                LOG.info("Groups shared out 4 and 4 {} ms after the two jars started",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                await().atMost(TIMEOUT).until(() -> keys(kafka.records("binance.trade")).size() == GROUPS);

                Set<Integer> all = new TreeSet<>();
                Set<String> streaming = new TreeSet<>();
                for (ClusterInstance instance : instances) {
                    JsonNode cluster = instance.table().get("cluster");
                    ClusterInstance.Share share = instance.share();
                    assertThat(cluster.get("node").asText()).as(instance.output()).isEqualTo(instance.node());
                    assertThat(cluster.get("groups").asInt()).isEqualTo(GROUPS);
                    assertThat(cluster.get("connected").asBoolean()).isTrue();
                    assertThat(share.groups()).as(instance.node() + " leads half the groups").hasSize(GROUPS / 2);
                    assertThat(new TreeSet<>(share.streaming())).as(instance.node() + " streams its groups' streams")
                            .isEqualTo(streamsOf(share.groups(), symbolOfGroup));
                    all.addAll(share.groups());
                    streaming.addAll(share.streaming());
                }
                assertThat(all).containsExactlyElementsOf(IntStream.range(0, GROUPS).boxed().toList());
                assertThat(streaming).hasSize(2 * GROUPS);
                assertThat(keys(kafka.records("binance.trade"))).isEqualTo(new TreeSet<>(symbolOfGroup.values()));
            } finally {
                for (ClusterInstance instance : instances) {
                    instance.process().destroy();
                }
                for (ClusterInstance instance : instances) {
                    if (!instance.process().waitFor(60, TimeUnit.SECONDS)) {
                        instance.process().destroyForcibly().waitFor();
                    }
                }
            }
        }
    }

    /**
     * The jar with {@code environment} as compose would pass it to the container, in the hosts' place this JVM's
     * brokers, ZooKeeper and loopback; the ports, the exchange's URLs and a rebalance delay of 1 s (instead of 10: the
     * 4 hand-overs would take 40 s) as system properties.
     */
    private static ClusterInstance start(Path work, String node, Map<String, String> environment,
                                         FakeExchange exchange, EmbeddedArtemis broker, EmbeddedKafka kafka,
                                         TestingServer zookeeper) throws Exception {
        Map<String, String> local = new TreeMap<>(environment);
        local.put("CAMEL_BEANS_ARTEMIS_BROKERURL", broker.url());
        for (String sinks : List.of("BINANCE_SINK_TRADE", "BINANCE_SINK_KLINE")) {
            local.put(sinks, local.get(sinks).replace("brokers=kafka:9092", "brokers=" + kafka.bootstrapServers()));
        }
        local.put("BINANCE_CLUSTER_ZOOKEEPER_NODES", zookeeper.getConnectString());
        local.put("CAMEL_SERVER_HOST", "127.0.0.1");
        local.put("CAMEL_MANAGEMENT_HOST", "127.0.0.1");
        Path dir = Files.createDirectories(work.resolve(node));
        int port = MainProcess.freePort();
        ProcessBuilder builder = JarProcess.java(dir, List.of("-Dcamel.server.port=" + port,
                "-Dcamel.management.port=" + MainProcess.freePort(), "-Dbinance.ws-url=" + exchange.wsUrl(),
                "-Dbinance.rest-url=" + exchange.restUrl(), "-Dbinance.cluster.rebalance-delay=1s", "-jar",
                JarProcess.JAR.toString()));
        builder.environment().putAll(local);
        Path log = dir.resolve("jar.log");
        return new ClusterInstance(node, builder.redirectOutput(log.toFile()).start(), port, log);
    }

    /** Until {@link #split}; failed with what each instance printed when an instance exits or time is up. */
    private static void awaitSplit(List<ClusterInstance> instances) {
        try {
            await().atMost(TIMEOUT).failFast("an instance exited",
                    () -> !instances.stream().allMatch(i -> i.process().isAlive())).until(() -> split(instances));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            StringBuilder outputs = new StringBuilder();
            instances.forEach(i -> outputs.append("\n---- ").append(i.node()).append(": ").append(i.share())
                    .append('\n').append(i.output()));
            throw new AssertionError(e.getMessage() + outputs, e);
        }
    }

    /** Both instances lead half the groups, and together every group and every stream once. */
    private static boolean split(List<ClusterInstance> instances) {
        return ClusterInstance.coveredBy(instances, GROUPS, 2 * GROUPS)
                && instances.stream().allMatch(i -> i.share().groups().size() == GROUPS / 2);
    }

    /** The trade and 1m kline stream of the symbol of each of {@code groups}. */
    private static Set<String> streamsOf(List<Integer> groups, Map<Integer, String> symbolOfGroup) {
        Set<String> streams = new TreeSet<>();
        for (int group : groups) {
            String symbol = symbolOfGroup.get(group).toLowerCase(Locale.ROOT);
            streams.add("trade-" + symbol);
            streams.add("kline-" + symbol + "-1m");
        }
        return streams;
    }

    private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new));
    }
}
