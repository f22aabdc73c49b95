package io.binancedata.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.support.ComposeFiles;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker/compose.cluster.yaml over docker/compose.yaml, merged as compose merges them, without a Docker engine: the
 * second instance has the first one's environment but for its node id (every variable of compose.yaml set to a value
 * of its own, so that a variable repeated under another name shows), its own volume and loopback ports, the first one
 * keeps its ports; both wait for a healthy ZooKeeper, which runs pinned, as non-root, with its data in named volumes;
 * Prometheus scrapes both with a file that differs from prometheus.yml in its targets only. (ComposeClusterIT runs
 * the two environments.)
 */
class ComposeClusterTest {
    private static final Path DOCKER = Path.of("docker");
    private static final Path[] FILES = {DOCKER.resolve("compose.yaml"), DOCKER.resolve("compose.cluster.yaml")};
    private static final Map<String, String> VARIABLES = Map.of("BINANCE_CONTROL_TOKEN", "token",
            "ARTEMIS_USER", "user", "ARTEMIS_PASSWORD", "password", "BINANCE_TRADE_SYMBOLS", "ETHUSDT,SOLUSDT",
            "BINANCE_KLINE_SYMBOLS", "BNBUSDT", "BINANCE_KLINE_INTERVALS", "1s,5m",
            "GRAFANA_ADMIN_PASSWORD", "admin-pw", "GRAFANA_ADMIN_USER", "grafana", "PROMETHEUS_RETENTION", "3d");

    @Test
    void shouldGiveTheSecondInstanceTheFirstOnesEnvironmentButItsNodeId() {
        Map<String, String> a = ComposeFiles.environment("binance-data", VARIABLES, FILES);
        Map<String, String> b = ComposeFiles.environment("binance-data-2", VARIABLES, FILES);

        assertThat(a).containsEntry("BINANCE_CLUSTER_NODE_ID", "a").containsEntry("BINANCE_CLUSTER_GROUPS", "8")
                .containsEntry("BINANCE_CLUSTER_ZOOKEEPER_NODES", "zookeeper:2181")
                .containsEntry("BINANCE_TRADE_SYMBOLS", "ETHUSDT,SOLUSDT")
                .containsEntry("CAMEL_BEANS_ARTEMIS_PASSWORD", "password");
        assertThat(b).containsEntry("BINANCE_CLUSTER_NODE_ID", "b");
        assertThat(without(b, "BINANCE_CLUSTER_NODE_ID")).isEqualTo(without(a, "BINANCE_CLUSTER_NODE_ID"));
        // a cluster needs a kafka: sink for each kind it streams
        assertThat(a.get("BINANCE_SINK_TRADE")).contains(",kafka:binance.trade?brokers=kafka:9092");
        assertThat(a.get("BINANCE_SINK_KLINE")).contains(",kafka:binance.kline?brokers=kafka:9092");
    }

    @Test
    void shouldRefuseToStartTheSecondInstanceWithoutAControlTokenOrABrokerPassword() {
        assertThatThrownBy(() -> ComposeFiles.environment("binance-data-2", Map.of("ARTEMIS_PASSWORD", "pw"), FILES))
                .hasMessage("BINANCE_CONTROL_TOKEN: set BINANCE_CONTROL_TOKEN, see docker/compose.yaml");
        assertThatThrownBy(() -> ComposeFiles.environment("binance-data-2", Map.of("BINANCE_CONTROL_TOKEN", "t"),
                FILES)).hasMessage("ARTEMIS_PASSWORD: set ARTEMIS_PASSWORD, see docker/compose.yaml");
    }

    @Test
    void shouldRunTheSecondInstanceFromTheSameImageWithItsOwnVolumeAndLoopbackPorts() {
        Map<String, Object> services = ComposeFiles.services(VARIABLES, FILES);
        Map<String, Object> a = map(services, "binance-data");
        Map<String, Object> b = map(services, "binance-data-2");

        assertThat(list(a, "ports")).containsExactly("127.0.0.1:8080:8080", "127.0.0.1:9876:9876");
        assertThat(list(b, "ports")).containsExactly("127.0.0.1:8081:8080", "127.0.0.1:9877:9876");
        assertThat(list(a, "volumes")).containsExactly("bdi-data:/app/data");
        assertThat(list(b, "volumes")).containsExactly("bdi-data-2:/app/data");
        assertThat(b).containsEntry("image", a.get("image")).containsEntry("pull_policy", "never")
                .containsEntry("stop_grace_period", a.get("stop_grace_period")).doesNotContainKey("build");
        assertThat(a).containsKey("build");
        Map<String, Object> healthy = Map.of("condition", "service_healthy");
        for (Map<String, Object> instance : List.of(a, b)) {
            assertThat(map(instance, "depends_on")).containsOnly(Map.entry("artemis", healthy),
                    Map.entry("kafka", healthy), Map.entry("zookeeper", healthy));
        }
        List<String> published = new ArrayList<>();
        for (Object service : services.values()) {
            Map<String, Object> definition = cast(service);
            if (definition.containsKey("ports")) {
                list(definition, "ports").forEach(p -> published.add(p.toString()));
            }
        }
        assertThat(published).doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
        assertThat(published.stream().map(p -> p.split(":")[1])).doesNotHaveDuplicates();
    }

    @Test
    void shouldRunZooKeeperPinnedAsNonRootHealthCheckedWithItsDataInNamedVolumes() {
        Map<String, Object> merged = ComposeFiles.merged(FILES);
        Map<String, Object> zookeeper = map(ComposeFiles.services(VARIABLES, FILES), "zookeeper");

        assertThat(zookeeper.get("image").toString()).matches("zookeeper:\\d+\\.\\d+\\.\\d+");
        assertThat(zookeeper.get("user").toString()).matches("[1-9]\\d*:\\d+");
        assertThat(list(map(zookeeper, "healthcheck"), "test")).first().isEqualTo("CMD");
        assertThat(zookeeper).as("reached in the compose network only").doesNotContainKey("ports");
        assertThat(list(zookeeper, "volumes")).containsExactly("zookeeper-data:/data", "zookeeper-datalog:/datalog");
        assertThat(map(merged, "volumes")).containsKeys("bdi-data", "bdi-data-2", "zookeeper-data",
                "zookeeper-datalog");
    }

    @Test
    void shouldScrapeBothInstancesWithAPrometheusFileThatDiffersInItsTargetsOnly() throws IOException {
        Map<String, Object> prometheus = map(ComposeFiles.services(VARIABLES, FILES), "prometheus");
        Map<String, Object> single = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
        Map<String, Object> cluster = yaml(DOCKER.resolve("prometheus/prometheus.cluster.yml"));

        assertThat(list(prometheus, "volumes")).containsExactly(
                "./prometheus/prometheus.cluster.yml:/etc/prometheus/prometheus.yml:ro",
                "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", "prometheus-data:/prometheus");
        Map<String, Object> job = cast(list(cluster, "scrape_configs").get(0));
        Map<String, Object> targets = cast(list(job, "static_configs").get(0));
        assertThat(list(targets, "targets")).containsExactly("binance-data:9876", "binance-data-2:9876");
        targets.put("targets", List.of("binance-data:9876"));
        assertThat(cluster).isEqualTo(single);
    }

    private static Map<String, String> without(Map<String, String> environment, String key) {
        Map<String, String> rest = new LinkedHashMap<>(environment);
        rest.remove(key);
        return rest;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return cast(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(Map.class);
        return cast(parent.get(key));
    }

    private static List<Object> list(Map<String, Object> parent, String key) {
        assertThat(parent.get(key)).as(key).isInstanceOf(List.class);
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
