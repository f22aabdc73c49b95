package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.binancedata.sink.KafkaSinkComponent;
import io.binancedata.spool.SpoolUris;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinanceSettingsTest {
    @Test
    void shouldDefaultToTheRealExchangeAndTheFileSink() {
        BinanceSettings s = BinanceSettings.of(Map.of());
        assertThat(s.wsUrl()).isEqualTo(URI.create("wss://stream.binance.com:9443"));
        assertThat(s.restUrl()).isEqualTo(URI.create("https://api.binance.com"));
        assertThat(s.tradeSinks()).isEqualTo("sbe-file:data");
        assertThat(s.deadLetterSink()).isEqualTo("file:data/dead-letter?fileName=${date:now:yyyy-MM-dd}.jsonl&fileExist=Append");
        assertThat(s.duration(Setting.SYMBOLS_CACHE_TTL)).isEqualTo(Duration.ofMinutes(120));
        assertThat(s.duration(Setting.ROTATION_INTERVAL)).isEqualTo(Duration.ofHours(12));
        assertThat(s.reconnectMaxAttempts()).isEqualTo(5);
        assertThat(s.emitAllKlineUpdates()).isFalse();
    }

    @Test
    void shouldTakeBinanceBatchOutOfSinkUrisAndWrapEachSinkForItsDelivery() {
        String http = "http://127.0.0.1:8090/ingest";
        BinanceSettings spooled = BinanceSettings.of(Map.of("binance.sink.trade",
                "sbe-file:data," + http + "?binanceBatch=true&httpMethod=POST,jms:queue:t?binanceBatch=false"));
        assertThat(spooled.tradeSinks().split(",")).containsExactly("sbe-file:data",
                SpoolUris.wrap(http + "?httpMethod=POST", "data/spool") + "&slowDelivery=10&batch=true",
                SpoolUris.wrap("jms:queue:t", "data/spool") + "&slowDelivery=10");
        BinanceSettings direct = BinanceSettings.of(Map.of("binance.sink.spool", "false", "binance.sink.trade",
                http + "?binanceBatch=true,jms:queue:t"));
        assertThat(direct.tradeSinks().split(",")).containsExactly(http,
                "binance-events:sink?delegate=RAW(jms:queue:t)");
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.trade", http + "?binanceBatch=yes")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("binance.sink.trade");
    }

    /**
     * A sink URI that is refused is shown without its credentials (the error goes to stderr or the log): the user
     * information's password and the values of secret-like options are masked; the rest, the wrong part included,
     * stays.
     */
    @Test
    void shouldMaskTheCredentialsOfARefusedSinkUri() {
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.trade",
                "http://user:S3CRETPW@127.0.0.1:8090/ingest?binanceBatch=yes&authPassword=S3CRET2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("binanceBatch=yes").hasMessageNotContainingAny("S3CRETPW", "S3CRET2");
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.trade", "kafka:binance.trade?brokers=b:9092"
                + "&saslJaasConfig=RAW(org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"u\" password=\"S3CRET3\";)")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("binance.sink.trade").hasMessageNotContaining("S3CRET3");
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.trade",
                "http://u:S3CRET4@127.0.0.1/x?k={{nokey}}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nokey").hasMessageNotContaining("S3CRET4");
    }

    @Test
    void shouldProduceToKafkaSinksThroughBinanceKafkaBehindASpoolOfWholeBatches() {
        String kafka = "kafka:binance.trade?brokers=127.0.0.1:9092";
        BinanceSettings spooled = BinanceSettings.of(Map.of("binance.sink.trade", kafka + "&binanceBatch=true"));
        assertThat(spooled.tradeSinks()).isEqualTo(SpoolUris.wrap(kafka, KafkaSinkComponent.wrap(kafka, true),
                "data/spool") + "&slowDelivery=10&maxRedeliveries=0&minimumCalls=1&slidingWindowSize=1&batch=true");
        assertThat(spooled.tradeSinks()).startsWith("spool:" + SpoolUris.sinkName(kafka) + "?delegate=RAW{"
                + "binance-kafka:binance.trade?delegate=RAW(" + kafka + "&valueSerializer=");
        BinanceSettings direct = BinanceSettings.of(Map.of("binance.sink.spool", "false", "binance.sink.trade", kafka));
        assertThat(direct.tradeSinks()).isEqualTo(KafkaSinkComponent.wrap(kafka, false));
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.trade", "kafka:t?saslJaasConfig=RAW(a)")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("binance.sink.trade");
    }

    @Test
    void shouldDefaultToLimitsWellInsideBinances() {
        BinanceSettings s = BinanceSettings.of(Map.of());
        assertThat(s.connectionAttempts()).isEqualTo(200);
        assertThat(s.connectionWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.restWeightPerMinute()).isEqualTo(3000);
        assertThat(s.duration(Setting.LIMITS_REST_MAX_WAIT)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldReadConfiguredLimits() {
        BinanceSettings s = BinanceSettings.of(Map.of("binance.limits.connection-attempts", "300",
                "binance.limits.connection-window", "1m", "binance.limits.rest-weight-per-minute", "25",
                "binance.limits.rest-max-wait", "0s"));
        assertThat(s.connectionAttempts()).isEqualTo(300);
        assertThat(s.connectionWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.restWeightPerMinute()).isEqualTo(25);
        assertThat(s.duration(Setting.LIMITS_REST_MAX_WAIT)).isZero();
    }

    @Test
    void shouldNameTheLimitKeyOfABadValue() {
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("binance.limits.connection-attempts", "0"),
                Map.entry("binance.limits.connection-attempts", "many"),
                Map.entry("binance.limits.connection-window", "0s"),
                Map.entry("binance.limits.connection-window", "5"),
                Map.entry("binance.limits.rest-weight-per-minute", "24"),
                Map.entry("binance.limits.rest-max-wait", "-1s"))) {
            assertThatThrownBy(() -> BinanceSettings.of(Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid configuration " + bad.getKey() + "=" + bad.getValue() + ": expected");
        }
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.limits.rest-weight-per-minute", "10")))
                .hasMessage("Invalid configuration binance.limits.rest-weight-per-minute=10: expected an integer of at"
                        + " least 25 (the weight of one historicalTrades call)");
    }

    /** Every duration is checked at start-up, up to 100 years: a longer one overflowed later, its key unnamed. */
    @Test
    void shouldRefuseEveryDurationLongerThanAHundredYearsNamingItsKey() {
        List<Setting> durations = java.util.Arrays.stream(Setting.values())
                .filter(s -> s != Setting.KLINE_INTERVALS && s.defaultValue().matches("\\d+(ms|s|m|h|d)")).toList();
        assertThat(durations).hasSize(19);
        for (Setting d : durations) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(d.key(), "36501d"));
            if (d.key().startsWith("binance.cluster.")) {
                settings.putAll(Map.of("binance.cluster.groups", "2", "binance.cluster.node-id", "a",
                        "binance.cluster.zookeeper.nodes", "127.0.0.1:2181", "binance.sink.trade", "kafka:t"));
            }
            assertThatThrownBy(() -> BinanceSettings.of(settings)).as(d.key())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid configuration " + d.key() + "=36501d: expected a duration of at most 36500d");
        }
        BinanceSettings longest = BinanceSettings.of(Map.of("binance.rotation.interval", "36500d"));
        assertThat(longest.duration(Setting.ROTATION_INTERVAL)).isEqualTo(Duration.ofDays(36_500));
    }

    /** One spool folder per sink: the same sink per event for one kind and per batch for the other cannot start. */
    @Test
    void shouldRefuseOneSpooledSinkGivenPerEventAndPerBatch() {
        String http = "http://127.0.0.1:8090/ingest?httpMethod=POST";
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.trade", http + "&binanceBatch=true",
                "binance.sink.kline", http)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.sink.kline=" + http + ": expected the same binanceBatch "
                        + "wherever one sink is given (its spool is one folder, per event or per batch); "
                        + "http://127.0.0.1:8090/ingest is given both ways");
        BinanceSettings.of(Map.of("binance.sink.trade", http + "&binanceBatch=true", "binance.sink.kline",
                http + "&binanceBatch=true"));
        BinanceSettings.of(Map.of("binance.sink.spool", "false", "binance.sink.trade", http + "&binanceBatch=true",
                "binance.sink.kline", http));
    }

    @Test
    void shouldRefuseABadKlineGapBoundAndASinkListOfOnlyCommasAtStartUp() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("binance.backfill.max-klines", "abc"),
                Map.entry("binance.backfill.max-klines", "0"), Map.entry("binance.sink.trade", ","),
                Map.entry("binance.sink.kline", ",,"), Map.entry("binance.sink.dead-letter", ","))) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(bad.getKey(), bad.getValue()));
            settings.put("binance.backfill.enabled", "false");
            assertThatThrownBy(() -> BinanceSettings.of(settings)).as(bad.toString())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid configuration " + bad.getKey() + "=" + bad.getValue());
        }
    }

    @Test
    void shouldRetryFailedGapFillsForTenMinutesUnlessConfiguredAndNameTheKeyOfABadValue() {
        assertThat(BinanceSettings.of(Map.of()).duration(Setting.BACKFILL_RETRY_FOR)).isEqualTo(Duration.ofMinutes(10));
        assertThat(BinanceSettings.of(Map.of("binance.backfill.retry-for", "0s")).duration(Setting.BACKFILL_RETRY_FOR))
                .isZero();
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.backfill.retry-for", "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.backfill.retry-for=10: expected a duration such as 500ms, 5s,"
                        + " 2m, 12h or 1d");
    }

    @Test
    void shouldSizeTheDrainPoolByTheProcessorsUnlessConfigured() {
        assertThat(BinanceSettings.of(Map.of()).drainThreads())
                .isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(BinanceSettings.of(Map.of("binance.drain.threads", "16")).drainThreads()).isEqualTo(16);
        for (String bad : List.of("-1", "1025", "two")) {
            assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.drain.threads", bad)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid configuration binance.drain.threads=" + bad + ": expected an integer from 0 "
                            + "(one per processor) to 1024");
        }
    }

    @Test
    void shouldShareConnectionsAmongTwoHundredStreamsUnlessConfiguredOtherwise() {
        assertThat(BinanceSettings.of(Map.of()).connectionMaxStreams()).isEqualTo(200);
        assertThat(BinanceSettings.of(Map.of("binance.connection.max-streams", "1024")).connectionMaxStreams())
                .isEqualTo(1024);
        assertThat(BinanceSettings.of(Map.of("binance.connection.max-streams", "1")).connectionMaxStreams())
                .isEqualTo(1);
        for (String bad : List.of("0", "1025", "many")) {
            assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.connection.max-streams", bad)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid configuration binance.connection.max-streams=" + bad + ": expected an integer "
                            + "from 1 (a connection per stream) to 1024 (Binance's limit per connection)");
        }
    }

    @Test
    void shouldResolveTheFileDirectoryInsideSinkDefaults() {
        BinanceSettings s = BinanceSettings.of(Map.of("binance.file.dir", "/var/lib/bdi"));
        assertThat(s.klineSinks()).isEqualTo("sbe-file:/var/lib/bdi");
    }

    @Test
    void shouldResolvePlaceholdersOfAnyKeyThroughCamelAndNameTheKeyOfOneThatIsNotDefined() {
        BinanceSettings s = BinanceSettings.of(Map.of("my.root", "/srv/market",
                "binance.file.dir", "{{my.root}}/bdi", "binance.sink.trade", "sbe-file:{{binance.file.dir}}/trades"));
        assertThat(s.tradeSinks()).isEqualTo("sbe-file:/srv/market/bdi/trades");
        assertThat(s.klineSinks()).isEqualTo("sbe-file:/srv/market/bdi");

        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.kline", "sbe-file:{{no.such.key}}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid configuration binance.sink.kline: its value names a key that is not"
                        + " defined (")
                .hasMessageContaining("no.such.key")
                .extracting(e -> ((ConfigurationException) e).key()).isEqualTo("binance.sink.kline");
    }

    @Test
    void shouldTakeEachKeyFromTheFirstSourceCamelReadsAndTheDefaultsLast(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "binance.file.dir=/from/file\nbinance.kline.symbols=BTCUSDT\nbinance.rest.timeout=3s\n");
        DefaultCamelContext camel = new DefaultCamelContext(false);
        try {
            camel.build();
            PropertiesComponent properties = camel.getPropertiesComponent();
            properties.setLocation("file:" + file);
            Properties overrides = new Properties();
            overrides.setProperty("binance.kline.symbols", "");
            properties.setOverrideProperties(overrides);
            BinanceSettings s = BinanceSettings.from(properties);
            assertThat(s.get(Setting.FILE_DIR)).isEqualTo("/from/file");
            assertThat(s.tradeSinks()).isEqualTo("sbe-file:/from/file");
            assertThat(s.klineSymbols()).isEmpty(); // an empty value is a value: it does not fall through
            assertThat(s.duration(Setting.REST_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
            assertThat(s.duration(Setting.CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.resolveProperty("binance.connect.timeout")).contains("10s");
        } finally {
            camel.stop();
        }
    }

    @Test
    void shouldCheckTheClusterKeysOnlyForACluster() {
        assertThat(BinanceSettings.of(Map.of("binance.cluster.zookeeper.nodes", "not a list")).clustered()).isFalse();
        Map<String, String> cluster = Map.of("binance.cluster.groups", "8", "binance.trade.symbols", "BTCUSDT",
                "binance.sink.trade", "sbe-file:data,kafka:binance.trade?binanceBatch=true",
                "binance.cluster.zookeeper.nodes", "zk1:2181,10.0.0.2:2182");
        BinanceSettings s = BinanceSettings.of(cluster);
        assertThat(s.clusterGroups()).isEqualTo(8);
        assertThat(s.firstKafkaSink(Setting.SINK_TRADE)).contains("kafka:binance.trade");
        assertThat(s.firstKafkaSink(Setting.SINK_KLINE)).isEmpty();
        assertThat(s.clusterNodeId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(BinanceSettings.of(with(cluster, "binance.cluster.node-id", "b-2")).clusterNodeId()).isEqualTo("b-2");
        assertThat(s.clusterKafkaTransactions()).as("Kafka writes in transactions per group by default").isTrue();
        assertThat(BinanceSettings.of(with(cluster, "binance.cluster.kafka-transactions", "false"))
                .clusterKafkaTransactions()).isFalse();
        assertThat(s.clusterHotStandby()).as("no hot standby by default").isFalse();
        assertThat(BinanceSettings.of(with(cluster, "binance.cluster.hot-standby", "true")).clusterHotStandby())
                .isTrue();
        assertThat(BinanceSettings.of(with(cluster, "binance.cluster.hot-standby.retention", "2m"))
                .duration(Setting.CLUSTER_HOT_STANDBY_RETENTION)).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> BinanceSettings.of(with(with(cluster, "binance.cluster.hot-standby", "true"),
                "binance.connection.max-streams", "1"))).isInstanceOf(ConfigurationException.class).hasMessage(
                "Invalid configuration binance.cluster.hot-standby=true: expected false when "
                        + "binance.connection.max-streams = 1 (a hot standby keeps the streams it does not run on "
                        + "shared connections)");
        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.cluster.hot-standby.retention", "0s")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid configuration binance.cluster.hot-standby.retention=0s");
        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.cluster.kafka-transactions", "yes")))
                .isInstanceOf(ConfigurationException.class).hasMessage(
                        "Invalid configuration binance.cluster.kafka-transactions=yes: expected true or false");

        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.sink.trade", "sbe-file:data")))
                .isInstanceOf(ConfigurationException.class).hasMessage("Invalid configuration binance.sink.trade="
                        + "sbe-file:data: expected a kafka: sink when binance.cluster.groups is set (an instance that"
                        + " takes a group over continues from what the group's streams wrote to it)");
        assertThat(BinanceSettings.of(with(cluster, "binance.trade.symbols", "*")).allSymbols(Setting.TRADE_SYMBOLS))
                .as("* split into groups").isTrue();
        assertThatThrownBy(() -> BinanceSettings.of(with(with(cluster, "binance.trade.symbols", "*"),
                "binance.sink.trade", "sbe-file:data"))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid configuration binance.sink.trade=sbe-file:data: expected a kafka: sink");
        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.cluster.zookeeper.nodes", "zk1")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(
                        "Invalid configuration binance.cluster.zookeeper.nodes=zk1: expected host:port");
        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.cluster.groups", "1025")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(
                        "Invalid configuration binance.cluster.groups=1025: expected an integer from 0");
        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.cluster.node-id", "a b")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(
                        "Invalid configuration binance.cluster.node-id=a b: expected 1 to 64 letters");
        assertThatThrownBy(() -> BinanceSettings.of(with(cluster, "binance.cluster.check-interval", "0s")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(
                        "Invalid configuration binance.cluster.check-interval=0s: expected a duration above zero");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    @Test
    void shouldSplitSymbolListsAndIntervals() {
        BinanceSettings s = BinanceSettings.of(Map.of("binance.trade.symbols", " BTCUSDT, ethusdt ,,",
                "binance.kline.intervals", "1m,1M"));
        assertThat(s.tradeSymbols()).containsExactly("BTCUSDT", "ethusdt");
        assertThat(s.klineIntervals()).containsExactly("1m", "1M");
    }

    @Test
    void shouldParseEveryDurationUnit() {
        assertThat(Durations.parse("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("k", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("k", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("k", "12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("k", "1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldDefaultTheWatchdogsAndRequirePositiveDurations() {
        BinanceSettings s = BinanceSettings.of(Map.of());
        assertThat(s.duration(Setting.WATCHDOG_DATA_SILENCE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.duration(Setting.WATCHDOG_CLIENT_PING)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.duration(Setting.WATCHDOG_PONG_DEADLINE)).isEqualTo(Duration.ofSeconds(5));
        for (String key : List.of("binance.watchdog.data-silence", "binance.watchdog.client-ping",
                "binance.watchdog.pong-deadline")) {
            assertThatThrownBy(() -> BinanceSettings.of(Map.of(key, "0s")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid configuration " + key + "=0s: expected a duration above zero");
            assertThatThrownBy(() -> BinanceSettings.of(Map.of(key, "-5s")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid configuration " + key + "=-5s: expected a duration such as 500ms, 5s, 2m, 12h"
                            + " or 1d");
        }
    }

    @Test
    void shouldReadTheSpillAndSlowDeliveryKeysAndNameTheKeyOfABadValue() {
        BinanceSettings defaults = BinanceSettings.of(Map.of("binance.file.dir", "d"));
        assertThat(defaults.spillDirectory()).isEqualTo(java.nio.file.Path.of("d/state/spill"));
        assertThat(defaults.spillMaxBytes()).isEqualTo(256L << 20);
        assertThat(defaults.slowDelivery()).isEqualTo(Duration.ofMillis(10));
        assertThat(BinanceSettings.of(Map.of("binance.inbox.spill-max-bytes", "262144")).spillMaxBytes())
                .isEqualTo(262_144);
        assertThat(BinanceSettings.of(Map.of("binance.inbox.spill-max-bytes", "2GB")).spillMaxBytes())
                .isEqualTo(2L << 30);
        BinanceSettings off = BinanceSettings.of(Map.of("binance.inbox.spill-max-bytes", "0",
                "binance.inbox.spill-dir", ""));
        assertThat(off.spillMaxBytes()).isZero();
        assertThat(off.spillDirectory()).isNull();
        String expected = "0 (no spill) or a size of at least 256KB, e.g. 256MB (bytes, or KB, MB, GB: powers of 1024)";
        for (String bad : List.of("1MiB", "-1", "100KB", "262143", "999999999999GB", "")) {
            assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.inbox.spill-max-bytes", bad)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid configuration binance.inbox.spill-max-bytes=" + bad + ": expected " + expected);
        }
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.inbox.spill-dir", "")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.inbox.spill-dir=: expected a directory (or "
                        + "binance.inbox.spill-max-bytes = 0 for no spill)");
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.sink.slow-delivery", "0ms")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.sink.slow-delivery=0ms: expected a duration above zero, "
                        + "e.g. 10ms");
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("binance.reconnect.delay", "5 seconds"),
                Map.entry("binance.reconnect.max-attempts", "-1"),
                Map.entry("binance.kline.emit", "sometimes"),
                Map.entry("binance.ws-url", "http://stream.binance.com"),
                Map.entry("binance.rest-url", "not a url"))) {
            assertThatThrownBy(() -> BinanceSettings.of(Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid configuration " + bad.getKey() + "=" + bad.getValue() + ": expected");
        }
    }

    @Test
    void shouldRefuseAnUnknownStartUpIntervalNamingTheKey() {
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.kline.intervals", "1m,7m")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.kline.intervals=1m,7m: expected intervals among 1s 1m 3m 5m"
                        + " 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M (case-sensitive); 7m is none of them");
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.kline.intervals", "1H")))
                .hasMessageContaining("1H is none of them");
    }

    @Test
    void shouldNeedAnIntervalOnlyWhenKlineSymbolsAreConfigured() {
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.kline.symbols", "BTCUSDT",
                "binance.kline.intervals", " ,")))
                .hasMessageStartingWith("Invalid configuration binance.kline.intervals=,: expected one or more"
                        + " intervals among 1s");
        assertThat(BinanceSettings.of(Map.of("binance.kline.intervals", "")).klineIntervals()).isEmpty();
    }

    @Test
    void shouldRefuseAMaximumReconnectDelayBelowTheFirstDelay() {
        assertThatThrownBy(() -> BinanceSettings.of(Map.of("binance.reconnect.max-delay", "1ms")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.reconnect.max-delay=1ms: expected a duration of at least"
                        + " binance.reconnect.delay (5s)");
        assertThat(BinanceSettings.of(Map.of("binance.reconnect.delay", "2s", "binance.reconnect.max-delay", "2s"))
                .duration(Setting.RECONNECT_MAX_DELAY)).isEqualTo(Duration.ofSeconds(2));
    }
}
