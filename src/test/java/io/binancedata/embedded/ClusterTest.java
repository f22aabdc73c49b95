package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BeanWiring;
import io.binancedata.BinanceData;
import io.binancedata.api.GroupLedElsewhereException;
import io.binancedata.cluster.ClusterGroups;
import io.binancedata.config.BinanceSettings;
import io.binancedata.control.JmxControl;
import io.binancedata.control.StreamManager;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.fake.TradeTape;
import io.binancedata.sink.KafkaSinkComponent;
import io.binancedata.stream.StreamGroups;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import io.binancedata.ws.BinanceWebSocketComponent;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.DefaultComponent;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances of the product with the same configuration share three trade streams through Camel's ZooKeeper
 * cluster service (an in-process ZooKeeper) and write them to a real Kafka broker: each group of streams runs on
 * exactly one instance; when that instance stops, the other takes its groups over, continues each stream where its
 * records in Kafka end and backfills the trades of the hand-over from REST — every trade id in Kafka once, in order,
 * exact.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int GROUPS = 2;
    private static final int TRADES = 1500;
    private static final String TOPIC = "cluster.trade";
    private static final String BALANCE_TOPIC = "balance.trade";
    private static final String FILE_LOCK_TOPIC = "filelock.trade";
    private static final String ALL_SYMBOLS_TOPIC = "all.trade";
    private static final String FENCE_TOPIC = "fence-later.trade";
    private static final String SETTLE_TOPIC = "settle.trade";
    private static final String EXPIRY_TOPIC = "expiry.trade";
    private static final String HOT_TOPIC = "hot.trade";
    private static final String HOT_KLINE_TOPIC = "hot.kline";
    private static EmbeddedKafka kafka;
    private static TestingServer zookeeper;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic(TOPIC, 3);
        kafka.createTopic(BALANCE_TOPIC, 3);
        kafka.createTopic(FILE_LOCK_TOPIC, 3);
        kafka.createTopic(ALL_SYMBOLS_TOPIC, 3);
        kafka.createTopic(FENCE_TOPIC, 3);
        kafka.createTopic(SETTLE_TOPIC, 3);
        kafka.createTopic(EXPIRY_TOPIC, 3);
        kafka.createTopic(HOT_TOPIC, 3);
        kafka.createTopic(HOT_KLINE_TOPIC, 3);
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stop() throws Exception {
        zookeeper.close();
        kafka.close();
    }

    private Map<String, String> settings(FakeExchange exchange, String node, List<String> symbols) {
        return settings(exchange, node, symbols, TOPIC, "0s");
    }

    private Map<String, String> settings(FakeExchange exchange, String node, List<String> symbols, String topic,
                                         String rebalanceDelay) {
        Map<String, String> settings = Product.settings(exchange, dir.resolve(node));
        settings.put("binance.trade.symbols", String.join(",", symbols));
        settings.put("binance.sink.trade", "kafka:" + topic + "?brokers=" + kafka.bootstrapServers());
        settings.put("binance.cluster.name", topic.replace('.', '-'));
        settings.put("binance.cluster.rebalance-delay", rebalanceDelay);
        settings.put("binance.cluster.groups", Integer.toString(GROUPS));
        settings.put("binance.cluster.zookeeper.nodes", zookeeper.getConnectString());
        settings.put("binance.cluster.zookeeper.session-timeout", "5s");
        settings.put("binance.cluster.node-id", node);
        settings.put("binance.cluster.check-interval", "250ms");
        // both ways of writing Kafka: in transactions per group (the default: the hand-over, the * list, the fence
        // that fails) and idempotent (the rest)
        settings.put("binance.cluster.kafka-transactions", Boolean.toString(topic.equals(TOPIC)
                || topic.equals(ALL_SYMBOLS_TOPIC) || topic.equals(FENCE_TOPIC) || topic.equals(SETTLE_TOPIC)
                || topic.equals(HOT_TOPIC)));
        return settings;
    }

    private static SortedMap<Integer, Long> owned(BinanceData instance) {
        return groups(instance).owned();
    }

    private static ClusterGroups groups(BinanceData instance) {
        return instance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.CLUSTER_GROUPS,
                ClusterGroups.class);
    }

    /** The stream table as the control route answers it. */
    private static JsonNode list(BinanceData instance) {
        try (ProducerTemplate template = instance.camelContext().createProducerTemplate()) {
            return SbeFiles.parse(template.requestBody("direct:control", "{\"action\":\"list\"}", String.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HealthCheck.Result health(BinanceData instance) {
        return HealthCheckRegistry.get(instance.camelContext()).getCheck("binance-cluster").orElseThrow().call();
    }

    private static boolean streaming(BinanceData instance, String id) {
        return instance.stream(id).map(s -> s.state() == StreamState.STREAMING).orElse(false);
    }

    /**
     * The second instance checks its leadership only every 10 minutes: it takes the groups when the first stops because
     * the leadership event runs a check at once. The first releases the groups as soon as its routes have stopped,
     * before its components (its Kafka producers) stop.
     */
    @Test
    void shouldRunEachGroupOnOneInstanceAndContinueItsStreamsExactlyOnTheOtherWhenItsLeaderStops() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        assertThat(symbols.stream().map(s -> StreamGroups.group(s, GROUPS)).distinct()).as("both groups used")
                .hasSize(GROUPS);
        FakeExchangeOptions options = replaying(tapes);
        long handOverMillis;
        AtomicReference<SortedMap<Integer, Long>> ledAsComponentsStop = new AtomicReference<>();
        try (FakeExchange exchange = FakeExchange.start(options)) {
            BinanceData a = BinanceData.start(BinanceSettings.of(settings(exchange, "a", symbols)));
            a.camelContext().addComponent("stop-probe", new DefaultComponent() {
                @Override
                protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                    throw new UnsupportedOperationException(uri);
                }

                @Override
                protected void doStop() throws Exception {
                    ledAsComponentsStop.set(owned(a)); // the context's components stop after its routes
                    super.doStop();
                }
            });
            BinanceData b;
            try {
                awaitLeadingEverything(a, symbols);
                Map<String, String> standby = settings(exchange, "b", symbols);
                standby.put("binance.cluster.check-interval", "10m");
                b = BinanceData.start(BinanceSettings.of(standby));
                await().atMost(PATIENCE).until(() -> kafka.count(TOPIC) >= 300);
                assertThat(owned(b)).as("groups the second instance leads while the first runs").isEmpty();
                assertThat(b.streams()).as("streams of the standby").isEmpty();
                JsonNode leader = list(a).get("cluster");
                assertThat(leader.get("node").asText()).isEqualTo("a");
                assertThat(leader.get("connected").asBoolean()).isTrue();
                assertThat(leader.get("groups").asInt()).isEqualTo(GROUPS);
                assertThat(leader.get("owned").toString()).isEqualTo("[0,1]");
                assertThat(leader.get("ownedSince").get("1").asLong()).isEqualTo(owned(a).get(1));
                assertThat(leader.get("standby").asInt()).as("no hot standby").isZero();
                assertThat(list(b).get("cluster").get("owned").toString()).isEqualTo("[]");
                assertThat(health(a).getMessage()).contains("leads groups [0, 1] of 2 as a");
                assertThat(health(a).getState()).isEqualTo(HealthCheck.State.UP);
                assertThat(health(b).getMessage()).contains("leads groups [] of 2 as b");
                String first = symbols.get(0);
                assertThatThrownBy(() -> b.startTradeData(List.of(first)))
                        .as("a stream to the sinks started by hand on the standby").isInstanceOf(
                                GroupLedElsewhereException.class)
                        .hasMessage("Not started: this cluster instance (b) does not lead the group of stream(s) [trade-"
                                + first.toLowerCase() + "] in group " + StreamGroups.group(first, GROUPS) + " (led by"
                                + " instance a); start them there, or add the symbols to the configuration of every"
                                + " instance");
                StreamManager managerOfB = b.camelContext().getRegistry()
                        .lookupByNameAndType(BeanWiring.STREAM_MANAGER, StreamManager.class);
                assertThatThrownBy(() -> new JmxControl(managerOfB).startTradeStreams(first))
                        .as("refused over JMX as the caller's error, as HTTP answers 409")
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("Not started: this cluster instance (b) does not lead the group");
                assertThat(b.streams()).as("streams of the standby after the refused start").isEmpty();
            } finally {
                long closing = System.nanoTime();
                a.close();
                LOG.info("First instance closed in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing));
            }
            long closed = System.nanoTime();
            assertThat(ledAsComponentsStop.get()).as("groups the first instance still led as its components stopped")
                    .isEmpty();
            try (BinanceData second = b) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                        owned(second).size() == GROUPS
                                && symbols.stream().allMatch(s -> streaming(second, "trade-" + s.toLowerCase())));
                handOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
                awaitEveryTapeWritten(TOPIC, tapes);
            }
        }
        LOG.info("Hand-over: every stream streaming on the second instance {} ms after the first closed",
                handOverMillis);
        assertEveryTapeOnceAndExact(TOPIC, tapes);
    }

    /**
     * A take-over whose Kafka fence fails (the broker is down) takes nothing: no group is led, no stream runs, a WARN
     * says so; a later check, once the broker is back, takes every group, and the topic holds every trade from the
     * first written on once, exact.
     */
    @Test
    void shouldTakeTheGroupsAtALaterCheckWhenKafkaCannotFenceThemNow() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        try (BrokerOutage outage = new BrokerOutage();
             LogCapture log = new LogCapture(KafkaSinkComponent.class);
             FakeExchange exchange = FakeExchange.start(replaying(tapes));
             BinanceData a = BinanceData.start(BinanceSettings.of(settings(exchange, "a", symbols, FENCE_TOPIC,
                     "0s")))) {
            await().atMost(PATIENCE).until(() -> log.eventsContaining("its Kafka writes could not be fenced").size()
                    >= GROUPS);
            assertThat(owned(a)).as("groups led without their fence").isEmpty();
            assertThat(a.streams()).as("streams run without their group's fence").isEmpty();
            outage.end();
            awaitLeadingEverything(a, symbols);
            awaitEveryTapeWritten(FENCE_TOPIC, tapes);
        }
        assertEveryTapeOnceAndExact(FENCE_TOPIC, tapes);
    }

    /**
     * An instance that has just taken groups hands none over before the rebalance delay has passed since: the first
     * instance leads both groups but cannot take them while Kafka is down (their fence fails), the second one has been
     * a member for longer than the delay when the broker comes back; the first takes both, and gives one up to the
     * second only the delay (2 s) after its last take — not at once, although the members have long stayed the same;
     * each stream then streams on its group's leader. (Not every trade checked here: the broker's outage can outlast
     * the replayed tape, whose trades the other tests check across hand-overs.)
     */
    @Test
    void shouldWaitTheRebalanceDelayAfterTakingGroupsBeforeHandingOneOver() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        try (BrokerOutage outage = new BrokerOutage();
             LogCapture log = new LogCapture(ClusterGroups.class);
             LogCapture fence = new LogCapture(KafkaSinkComponent.class);
             FakeExchange exchange = FakeExchange.start(replaying(tapes));
             BinanceData a = BinanceData.start(BinanceSettings.of(settings(exchange, "a", symbols, SETTLE_TOPIC,
                     "2s")));
             BinanceData b = BinanceData.start(BinanceSettings.of(settings(exchange, "b", symbols, SETTLE_TOPIC,
                     "2s")))) {
            await().atMost(PATIENCE).until(() -> fence.eventsContaining("its Kafka writes could not be fenced").size()
                    >= GROUPS);
            // the members stay the same for longer than the rebalance delay, nothing taken
            await().during(Duration.ofSeconds(3)).atMost(PATIENCE)
                    .until(() -> owned(a).isEmpty() && owned(b).isEmpty());
            outage.end();
            await().atMost(PATIENCE).until(() -> owned(a).size() == 1 && owned(b).size() == 1);
            List<LogCapture.Logged> events = log.loggedContaining("Cluster group");
            LogCapture.Logged givenUp = log.loggedContaining("giving it up to balance the groups").get(0);
            long lastTake = events.subList(0, events.indexOf(givenUp)).stream()
                    .filter(e -> e.event().contains("leading it now")).mapToLong(LogCapture.Logged::millis).max()
                    .orElseThrow();
            assertThat(givenUp.millis() - lastTake).as("ms from the last take to the hand-over: " + events)
                    .isGreaterThanOrEqualTo(2000);
            for (String symbol : symbols) {
                String id = "trade-" + symbol.toLowerCase();
                BinanceData runner = owned(a).containsKey(StreamGroups.group(symbol, GROUPS)) ? a : b;
                await().atMost(PATIENCE).until(() -> streaming(runner, id));
            }
        }
    }

    /**
     * The first instance up leads both groups and hands one over to the second, which, a hot standby, starts its
     * streams from the frames it kept (nothing fetched over REST); the first then keeps that group's frames in turn.
     */
    @Test
    void shouldSpreadTheGroupsOverTheInstancesByHandingOverWithoutLosingATrade() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        FakeExchangeOptions options = replaying(tapes);
        try (FakeExchange exchange = FakeExchange.start(options);
             BinanceData a = BinanceData.start(balancing(exchange, "a", symbols))) {
            await().atMost(PATIENCE).until(() -> owned(a).size() == GROUPS);
            // a stream started by hand that the configuration does not name: it runs while its group is led here
            String handStarted = symbols.stream().filter(s -> StreamGroups.group(s, GROUPS) == 1).findFirst()
                    .orElseThrow();
            String handStartedId = "kline-" + handStarted.toLowerCase() + "-1m";
            try (LogCapture log = new LogCapture(StreamManager.class)) {
                a.startOhlcvData(List.of(handStarted), List.of("1m"));
                assertThat(log.eventsContaining("Stream " + handStartedId + " is not in the configuration: it runs"
                        + " while this instance leads cluster group 1")).hasSize(1);
            }
            try (LogCapture log = new LogCapture(ClusterGroups.class);
                 LogCapture pool = new LogCapture("io.binancedata.ws.CombinedPool");
                 BinanceData b = BinanceData.start(balancing(exchange, "b", symbols))) {
                // the first up led both groups; one is handed over to the second, and then nothing moves
                await().atMost(PATIENCE).until(() -> owned(a).size() == 1 && owned(b).size() == 1);
                assertThat(owned(a).keySet()).as("the first keeps the lower group").containsExactly(0);
                await().atMost(PATIENCE).until(() -> !log.eventsContaining("Cluster group 1: standing for election"
                        + " again, behind the instance it was handed over to").isEmpty());
                assertThat(log.eventsContaining("no longer a candidate")).as("a hand-over told as a lost session")
                        .isEmpty();
                assertThat(a.stream(handStartedId).orElseThrow().state()).as("stopped with its group")
                        .isEqualTo(StreamState.STOPPED);
                assertThat(b.stream(handStartedId)).as("not in the configuration: not run by the next leader")
                        .isEmpty();
                for (String symbol : symbols) {
                    String id = "trade-" + symbol.toLowerCase();
                    BinanceData runner = StreamGroups.group(symbol, GROUPS) == 0 ? a : b;
                    await().atMost(PATIENCE).until(() -> streaming(runner, id));
                    assertThat(streaming(runner == a ? b : a, id)).as(id + " runs once").isFalse();
                }
                awaitEveryTapeWritten(BALANCE_TOPIC, tapes);
                assertThat(owned(a).keySet()).containsExactly(0);
                assertThat(owned(b).keySet()).containsExactly(1);
                List<String> ofGroup1 = symbols.stream().filter(s -> StreamGroups.group(s, GROUPS) == 1).toList();
                assertThat(standingBy(a)).as("streams of group 1, handed over, kept by a").isEqualTo(ofGroup1.size());
                assertThat(pool.eventsContaining("Hot standby: keeping the frames of " + ofGroup1.size() + " stream(s)"
                        + " run elsewhere (0 subscribed now)")).as("a's subscriptions of group 1 kept as they stopped")
                        .hasSize(1);
                assertThat(standingBy(b)).as("streams of group 0 kept by b")
                        .isEqualTo(symbols.size() - ofGroup1.size());
            }
        }
        assertThat(assertEveryTapeOnceAndExact(BALANCE_TOPIC, tapes)).as("trades backfilled: the hot standby took over"
                + " group 1 from the frames it kept").isZero();
    }

    /** An instance of the balancing test: a rebalance delay of 1 s, a hot standby. */
    private BinanceSettings balancing(FakeExchange exchange, String node, List<String> symbols) {
        Map<String, String> settings = settings(exchange, node, symbols, BALANCE_TOPIC, "1s");
        settings.put("binance.cluster.hot-standby", "true");
        return BinanceSettings.of(settings);
    }

    /**
     * An instance whose ZooKeeper session expires (cut off for longer than the session timeout) loses its groups to the
     * other instance once ZooKeeper drops its session; Camel's view does not stand for election again by itself, so the
     * instance restarts its views once the back-end has listed candidates without it for 2 s — and takes the groups
     * back when the other instance stops.
     */
    @Test
    void shouldStandForElectionAgainWhenItsZooKeeperSessionExpired() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        try (LogCapture log = new LogCapture(ClusterGroups.class);
             FakeExchange exchange = FakeExchange.start(replaying(tapes));
             BinanceData a = startExpiring(exchange, "a", symbols)) {
            await().atMost(PATIENCE).until(() -> owned(a).size() == GROUPS);
            try (BinanceData b = startExpiring(exchange, "b", symbols)) {
                a.camelContext().hasService(ZooKeeperClusterService.class).getCuratorFramework().getZookeeperClient()
                        .getZooKeeper().getTestable().injectSessionExpiration();
                await().atMost(PATIENCE).until(() -> owned(b).size() == GROUPS && owned(a).isEmpty());
                await().atMost(PATIENCE).until(() -> log.eventsContaining("this instance is no longer a candidate;"
                        + " standing for election again").size() == GROUPS);
                for (int g = 0; g < GROUPS; g++) {
                    assertThat(log.eventsContaining("Cluster group " + g + ": no longer its leader")).hasSize(1);
                }
                assertThat(owned(a)).as("groups led by the instance whose session expired").isEmpty();
            }
            awaitLeadingEverything(a, symbols);
        }
    }

    /**
     * While ZooKeeper cannot be reached the readiness check {@code binance-cluster} is DOWN. An outage shorter than the
     * session timeout (5 s here) changes nothing else: the instance keeps its groups and its streams run on. A longer
     * one ends its session and its leaderships (its streams stop); once ZooKeeper is back, the instance — alone in its
     * cluster, so no candidate is listed — stands for election again, leads its groups and runs their streams.
     */
    @Test
    void shouldKeepItsGroupsThroughAShortZooKeeperOutageAndStandAgainAfterALongOne() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        try (LogCapture log = new LogCapture(ClusterGroups.class);
             FakeExchange exchange = FakeExchange.start(replaying(tapes));
             BinanceData a = startExpiring(exchange, "a", symbols)) {
            awaitLeadingEverything(a, symbols);
            SortedMap<Integer, Long> taken = owned(a);
            assertThat(health(a).getState()).isEqualTo(HealthCheck.State.UP);

            zookeeper.stop();
            try {
                await().atMost(PATIENCE).until(() -> health(a).getState() == HealthCheck.State.DOWN);
                assertThat(health(a).getMessage()).contains("cut off from the cluster service: still leads groups"
                        + " [0, 1] while its session lasts");
                assertThat(list(a).get("cluster").get("connected").asBoolean()).isFalse();
            } finally {
                zookeeper.restart();
            }
            await().atMost(PATIENCE).until(() -> health(a).getState() == HealthCheck.State.UP);
            assertThat(owned(a)).as("the groups, taken when (epoch ms)").isEqualTo(taken);
            assertThat(symbols).allMatch(s -> streaming(a, "trade-" + s.toLowerCase()));
            assertThat(log.eventsContaining("no longer its leader")).as("groups let go at the short outage").isEmpty();

            zookeeper.stop();
            try {
                await().atMost(PATIENCE).until(() -> owned(a).isEmpty() && a.streams().stream()
                        .allMatch(s -> s.state() == StreamState.STOPPED));
                assertThat(health(a).getMessage()).contains("cut off from the cluster service: leads no group");
            } finally {
                zookeeper.restart();
            }
            awaitLeadingEverything(a, symbols);
            assertThat(log.eventsContaining("this instance is no longer a candidate; standing for election again"))
                    .hasSize(GROUPS);
            assertThat(health(a).getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(health(a).getMessage()).contains("leads groups [0, 1] of 2 as a");
        }
    }

    /**
     * A hot standby subscribes the streams of the groups another instance leads and keeps their last frames; when the
     * leader stops, it starts each stream with them: the topic holds every trade once, exact, and not one was fetched
     * over REST, though the market traded on through the hand-over (a cold take-over backfills those trades).
     */
    @Test
    void shouldTakeOverFromTheFramesItKeptAsAHotStandbyWithoutFetchingTheHandOversTrades() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        try (FakeExchange exchange = FakeExchange.start(replaying(tapes))) {
            BinanceData a = BinanceData.start(hotStandby(exchange, "a", symbols));
            BinanceData b;
            try {
                awaitLeadingEverything(a, symbols);
                b = BinanceData.start(hotStandby(exchange, "b", symbols));
                await().atMost(PATIENCE).until(() -> standingBy(b) == 2 * symbols.size());
                long written = kafka.count(HOT_TOPIC);
                await().atMost(PATIENCE).until(() -> kafka.count(HOT_TOPIC) >= written + 100);
                assertThat(groups(b).standbyFrames()).as("frames the standby keeps").isPositive();
                assertThat(owned(b)).as("groups the standby leads").isEmpty();
                assertThat(b.streams()).as("streams the standby runs").isEmpty();
                assertThat(standingBy(a)).as("streams the leader keeps for a take-over").isZero();
                assertThat(health(b).getDetails()).containsEntry("cluster.standby", 2 * symbols.size());
                assertThat(list(b).get("cluster").get("standby").asInt()).isEqualTo(2 * symbols.size());
            } finally {
                try (LogCapture closing = new LogCapture("io.binancedata.ws.CombinedPool")) {
                    a.close();
                    assertThat(closing.eventsContaining("Hot standby")).as("streams the stopping leader subscribed")
                            .allMatch(line -> line.contains("(0 subscribed now)"));
                }
            }
            try (BinanceData second = b) {
                awaitLeadingEverything(second, symbols);
                assertThat(standingBy(second)).as("streams kept once it runs them all").isZero();
                assertThat(groups(second).standbyFrames()).as("frames kept once it runs every stream").isZero();
                awaitEveryTapeWritten(HOT_TOPIC, tapes);
                for (String symbol : symbols) {
                    StreamStatus status = second.stream("trade-" + symbol.toLowerCase()).orElseThrow();
                    assertThat(status.backfilled()).as(symbol + ": trades fetched over REST").isZero();
                    assertThat(status.gapsUnfilled()).as(symbol).isZero();
                    assertThat(status.duplicates()).as(symbol + ": kept frames the leader had written").isPositive();
                    String klineId = "kline-" + symbol.toLowerCase() + "-1s";
                    await().atMost(PATIENCE).until(() -> streaming(second, klineId));
                    StreamStatus klines = second.stream(klineId).orElseThrow();
                    assertThat(klines.backfilled()).as(klineId + ": candles fetched over REST").isZero();
                    assertThat(klines.gapsUnfilled()).as(klineId).isZero();
                }
            }
        }
        assertThat(assertEveryTapeOnceAndExact(HOT_TOPIC, tapes)).as("trades backfilled").isZero();
        List<ConsumerRecord<String, byte[]>> candles = kafka.records(HOT_KLINE_TOPIC);
        for (String symbol : symbols) {
            List<Long> openTimes = candles.stream().filter(r -> symbol.equals(r.key()))
                    .map(r -> SbeFiles.decode(new UnsafeBuffer(r.value()), 0, r.value().length))
                    .map(candle -> candle.get("openTime").asLong()).toList();
            assertThat(openTimes).as(symbol + " candles").hasSizeGreaterThan(5);
            for (int i = 1; i < openTimes.size(); i++) {
                assertThat(openTimes.get(i)).as(symbol + " candle #" + i + ": each once, in order")
                        .isGreaterThan(openTimes.get(i - 1));
            }
        }
    }

    /** An instance of the hot-standby test: the symbols' trades and 1s klines, a hot standby. */
    private BinanceSettings hotStandby(FakeExchange exchange, String node, List<String> symbols) {
        Map<String, String> settings = settings(exchange, node, symbols, HOT_TOPIC, "0s");
        settings.put("binance.kline.symbols", String.join(",", symbols));
        settings.put("binance.kline.intervals", "1s");
        settings.put("binance.sink.kline", "kafka:" + HOT_KLINE_TOPIC + "?brokers=" + kafka.bootstrapServers());
        settings.put("binance.cluster.hot-standby", "true");
        return BinanceSettings.of(settings);
    }

    /** Streams the instance keeps for a take-over, confirmed by the exchange. */
    private static int standingBy(BinanceData instance) {
        return instance.camelContext().getComponent("binance-ws", BinanceWebSocketComponent.class).standingBy();
    }

    /** An instance of the ZooKeeper outage and session expiry tests (no balancing: leadership moves only by them). */
    private BinanceData startExpiring(FakeExchange exchange, String node, List<String> symbols) {
        return BinanceData.start(BinanceSettings.of(settings(exchange, node, symbols, EXPIRY_TOPIC, "0s")));
    }

    /** Waits until the instance leads every group and streams every symbol's trades. */
    private static void awaitLeadingEverything(BinanceData instance, List<String> symbols) {
        await().atMost(PATIENCE).until(() -> owned(instance).size() == GROUPS
                && symbols.stream().allMatch(s -> streaming(instance, "trade-" + s.toLowerCase())));
    }

    /**
     * {@code binance.trade.symbols = *} in a cluster: every TRADING symbol is in the group its name gives, as in a list;
     * a symbol that starts trading starts on the leader of its group only, and the group's next leader runs it too —
     * from where the first leader's writes ended, though it learns of the symbol only after its take-over (its
     * exchangeInfo is older): every trade once.
     */
    @Test
    void shouldSplitEveryTradingSymbolIntoTheGroupsAndFollowTheListing() throws Exception {
        Map<String, List<String>> tapes = tapes();
        StringBuilder listing = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":0,\"rateLimits\":[],"
                + "\"symbols\":[{\"symbol\":\"SOLUSDT\",\"status\":\"BREAK\",\"baseAsset\":\"SOL\","
                + "\"quoteAsset\":\"USDT\"}");
        tapes.keySet().forEach(symbol -> listing.append(",{\"symbol\":\"").append(symbol).append("\",\"status\":"
                + "\"TRADING\",\"baseAsset\":\"").append(symbol, 0, symbol.length() - 4)
                .append("\",\"quoteAsset\":\"USDT\"}"));
        Path info = Files.writeString(dir.resolve("exchangeInfo.json"), listing.append("]}"));
        tapes.put("SOLUSDT", tapes.get("ETHUSDT").stream().map(frame -> frame.replace("ETHUSDT", "SOLUSDT")).toList());
        try (FakeExchange exchange = FakeExchange.start(replaying(tapes).exchangeInfoFile(info))) {
            BinanceData a = BinanceData.start(allSymbols(exchange, "a"));
            BinanceData b;
            try {
                await().atMost(PATIENCE).until(() -> owned(a).size() == GROUPS);
                b = BinanceData.start(allSymbols(exchange, "b"));
                await().atMost(PATIENCE).until(() -> kafka.count(ALL_SYMBOLS_TOPIC) >= 300);
                assertThat(ids(a)).containsExactlyInAnyOrderElementsOf(tapes.keySet().stream()
                        .filter(symbol -> !symbol.equals("SOLUSDT")).map(symbol -> "trade-" + symbol.toLowerCase())
                        .toList());
                assertThat(ids(b)).as("streams of the standby").isEmpty();

                exchange.list("SOLUSDT", "TRADING");
                manager(a).refreshSymbolSets();
                assertThat(ids(a)).contains("trade-solusdt");
                await().atMost(PATIENCE).until(() -> lastWritten(ALL_SYMBOLS_TOPIC, "SOLUSDT") >= 0);
            } finally {
                a.close();
            }
            try (BinanceData second = b) {
                await().atMost(PATIENCE).until(() -> owned(second).size() == GROUPS && tapes.keySet().stream()
                        .filter(s -> !s.equals("SOLUSDT"))
                        .allMatch(s -> streaming(second, "trade-" + s.toLowerCase())));
                assertThat(ids(second)).as("the set as the second instance last saw it").hasSize(tapes.size() - 1)
                        .doesNotContain("trade-solusdt");
                manager(second).refreshSymbolSets();
                assertThat(ids(second)).as("the new symbol, once its listing is seen").contains("trade-solusdt")
                        .hasSize(tapes.size());
                awaitEveryTapeWritten(ALL_SYMBOLS_TOPIC, tapes);
            }
        }
        assertEveryTapeOnceAndExact(ALL_SYMBOLS_TOPIC, tapes);
    }

    private BinanceSettings allSymbols(FakeExchange exchange, String node) {
        Map<String, String> settings = settings(exchange, node, List.of("*"), ALL_SYMBOLS_TOPIC, "0s");
        settings.put("binance.symbols.quote-assets", "USDT");
        settings.put("binance.symbols.cache-ttl", "1ms"); // every look reads exchangeInfo again
        return BinanceSettings.of(settings);
    }

    /** The ids of the streams that run (not stopped or failed). */
    private static List<String> ids(BinanceData instance) {
        return instance.streams().stream().filter(s -> s.state() != StreamState.STOPPED
                && s.state() != StreamState.FAILED).map(s -> s.key().id()).toList();
    }

    private static StreamManager manager(BinanceData instance) {
        return instance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER,
                StreamManager.class);
    }

    /**
     * Issue 14 item 5: another back-end of Camel's is a matter of configuration. No ZooKeeper: each instance binds a
     * file lock on shared storage ({@code FileLockClusterService}, camel-file) as its cluster service bean, as
     * {@code camel.beans.*} would; the first instance leads both groups (a file lock lists no members, so nothing is
     * balanced), and when it stops the other takes both over and continues every stream exactly.
     */
    @Test
    void shouldRunOnAFileLockClusterServiceBoundAsABean() throws Exception {
        Map<String, List<String>> tapes = tapes();
        List<String> symbols = List.copyOf(tapes.keySet());
        FakeExchangeOptions options = replaying(tapes);
        Path shared = dir.resolve("shared");
        try (FakeExchange exchange = FakeExchange.start(options)) {
            BinanceData a = BinanceData.start(fileLock(exchange, "a", symbols), camel -> bindFileLock(camel, shared));
            BinanceData b;
            try {
                await().atMost(PATIENCE).until(() -> owned(a).size() == GROUPS);
                b = BinanceData.start(fileLock(exchange, "b", symbols), camel -> bindFileLock(camel, shared));
                await().atMost(PATIENCE).until(() -> kafka.count(FILE_LOCK_TOPIC) >= 300);
                assertThat(owned(b)).isEmpty();
                assertThat(list(a).get("cluster").get("node").asText()).isEqualTo("a");
            } finally {
                a.close();
            }
            try (BinanceData second = b) {
                await().atMost(PATIENCE).until(() -> owned(second).size() == GROUPS
                        && symbols.stream().allMatch(s -> streaming(second, "trade-" + s.toLowerCase())));
                awaitEveryTapeWritten(FILE_LOCK_TOPIC, tapes);
            }
        }
        assertEveryTapeOnceAndExact(FILE_LOCK_TOPIC, tapes);
    }

    private BinanceSettings fileLock(FakeExchange exchange, String node, List<String> symbols) {
        Map<String, String> settings = settings(exchange, node, symbols, FILE_LOCK_TOPIC, "0s");
        settings.remove("binance.cluster.zookeeper.nodes");
        return BinanceSettings.of(settings);
    }

    private static void bindFileLock(org.apache.camel.CamelContext camel, Path root) {
        FileLockClusterService service = new FileLockClusterService();
        service.setRoot(root.toString());
        service.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(500, TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(3);
        camel.getRegistry().bind("cluster", service);
    }

    /** The first {@value #TRADES} recorded trades of each bundled tape, by symbol. */
    private static Map<String, List<String>> tapes() {
        Map<String, List<String>> tapes = new LinkedHashMap<>();
        TradeTape.bundled().forEach(t -> tapes.put(t.symbol(), t.frames().subList(0, TRADES)));
        return tapes;
    }

    /** An exchange that replays the tapes once, five times faster than recorded, on one clock (trading on). */
    private static FakeExchangeOptions replaying(Map<String, List<String>> tapes) {
        FakeExchangeOptions options = FakeExchangeOptions.defaults().speed(5).replayMode(ReplayMode.GLOBAL_CLOCK)
                .loop(false);
        tapes.forEach((symbol, frames) -> options.tape(TradeTape.ofFrames(symbol, frames)));
        return options;
    }

    /** Waits until the topic holds each tape's last trade. */
    private static void awaitEveryTapeWritten(String topic, Map<String, List<String>> tapes) {
        Map<String, Long> lastIds = new LinkedHashMap<>();
        tapes.forEach((symbol, frames) -> lastIds.put(symbol,
                SbeFiles.parse(frames.get(frames.size() - 1)).get("t").asLong()));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> lastIds.entrySet().stream()
                .allMatch(e -> lastWritten(topic, e.getKey()) == e.getValue()));
    }

    /** The trade id of the symbol's last record in Kafka; -1 before the first. */
    private static long lastWritten(String topic, String symbol) {
        List<ConsumerRecord<String, byte[]>> ofSymbol = kafka.records(topic).stream()
                .filter(r -> symbol.equals(r.key())).toList();
        if (ofSymbol.isEmpty()) {
            return -1;
        }
        byte[] value = ofSymbol.get(ofSymbol.size() - 1).value();
        return SbeFiles.decode(new UnsafeBuffer(value), 0, value.length).get("tradeId").asLong();
    }

    /**
     * Every tape's symbol in the topic as {@link #assertConsecutiveAndExact} says; logs and returns how many were
     * backfilled.
     */
    private static long assertEveryTapeOnceAndExact(String topic, Map<String, List<String>> tapes) {
        List<ConsumerRecord<String, byte[]>> records = kafka.records(topic);
        long backfilled = 0;
        for (Map.Entry<String, List<String>> tape : tapes.entrySet()) {
            backfilled += assertConsecutiveAndExact(records, tape.getKey(), tape.getValue());
        }
        LOG.info("{}: {} records, {} of them backfilled", topic, records.size(), backfilled);
        return backfilled;
    }

    /**
     * The symbol's records: each trade id once, consecutive from the first written to the tape's last, price and
     * quantity exactly the tape's; returns how many were backfilled.
     */
    private static long assertConsecutiveAndExact(List<ConsumerRecord<String, byte[]>> records, String symbol,
                                                  List<String> tape) {
        List<JsonNode> trades = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (symbol.equals(record.key())) {
                trades.add(SbeFiles.decode(new UnsafeBuffer(record.value()), 0, record.value().length));
            }
        }
        assertThat(trades).as(symbol).isNotEmpty();
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        tape.forEach(frame -> byId.put(SbeFiles.parse(frame).get("t").asLong(), SbeFiles.parse(frame)));
        long first = trades.get(0).get("tradeId").asLong();
        long backfilled = 0;
        for (int i = 0; i < trades.size(); i++) {
            JsonNode trade = trades.get(i);
            JsonNode expected = byId.get(first + i);
            String where = symbol + " record #" + i;
            assertThat(trade.get("tradeId").asLong()).as(where).isEqualTo(first + i);
            assertThat(expected).as(where + ": a trade of the tape").isNotNull();
            assertThat(trade.get("price").asText()).as(where).isEqualTo(SbeFiles.exact(expected.get("p").asText()));
            assertThat(trade.get("quantity").asText()).as(where)
                    .isEqualTo(SbeFiles.exact(expected.get("q").asText()));
            assertThat(trade.get("symbol").asText()).as(where).isEqualTo(symbol);
            backfilled += "BACKFILL".equals(trade.get("source").asText()) ? 1 : 0;
        }
        assertThat(first + trades.size() - 1).as(symbol + ": the tape's last trade written")
                .isEqualTo(SbeFiles.parse(tape.get(tape.size() - 1)).get("t").asLong());
        return backfilled;
    }

    /** The shared broker stopped from construction until {@link #end} (or {@link #close}, whichever comes first). */
    private static final class BrokerOutage implements AutoCloseable {
        private boolean over;

        BrokerOutage() {
            kafka.stopBroker();
        }

        void end() throws Exception {
            if (!over) {
                over = true;
                kafka.startBroker();
            }
        }

        @Override
        public void close() throws Exception {
            end();
        }
    }
}
