package io.binancedata.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.support.ComposeFiles;
import io.binancedata.support.PromQl;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The monitoring half of docker/compose.yaml fits together without a Docker engine: Prometheus scrapes the product
 * service's management port and path, Grafana's provisioned data source is the one the dashboard's panels name and
 * points at the Prometheus service, the provisioned dashboard folder is the one mounted, every mounted file exists,
 * images are pinned, ports are on the host's loopback, containers run as non-root users, and Grafana's admin password
 * has no default. (DashboardMetricsTest checks the dashboard's queries against a scrape of the running product.)
 */
class MonitoringComposeTest {
    private static final Path DOCKER = Path.of("docker");
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final Path DASHBOARD = DOCKER.resolve("grafana/dashboards/binance-data.json");
    private static final String PRODUCT = "binance-data";
    private static final Set<String> MONITORING = Set.of("prometheus", "grafana");
    private static final Pattern MANAGEMENT_PORT =
            Pattern.compile("(?m)^camel\\.management\\.port = \\{\\{env:CAMEL_MANAGEMENT_PORT:(\\d+)}}$");

    @Test
    void shouldScrapeTheProductsManagementServerUnderTheJobTheDashboardQueries() throws IOException {
        Map<Object, Object> scrape = single(list(yaml(DOCKER.resolve("prometheus/prometheus.yml")), "scrape_configs"));
        Map<Object, Object> product = map(services(), PRODUCT);
        Matcher managementPort = MANAGEMENT_PORT.matcher(Files.readString(Path.of("application.properties")));
        assertThat(managementPort.find()).as("application.properties sets camel.management.port").isTrue();

        assertThat(scrape.get("metrics_path")).isEqualTo("/observe/metrics");
        assertThat(list(single(list(scrape, "static_configs")), "targets"))
                .containsExactly(PRODUCT + ":" + managementPort.group(1));
        assertThat(map(product, "environment")).as("the management server listens beyond the container's loopback")
                .containsEntry("CAMEL_MANAGEMENT_HOST", "0.0.0.0").doesNotContainKey("CAMEL_MANAGEMENT_PORT");
        Set<String> jobs = new TreeSet<>();
        for (JsonNode expr : new ObjectMapper().readTree(DASHBOARD.toFile()).findValues("expr")) {
            PromQl.parse(expr.asText()).selectors().forEach(s -> s.matchers().stream()
                    .filter(m -> m.label().equals("job")).forEach(m -> jobs.add(m.op() + m.value())));
        }
        assertThat(jobs).containsExactly("=" + scrape.get("job_name"));
    }

    @Test
    void shouldLoadTheAlertingRulesItMounts() throws IOException {
        Map<String, String> mounts = bindMounts(map(services(), "prometheus"));
        List<Object> ruleFiles = list(yaml(DOCKER.resolve("prometheus/prometheus.yml")), "rule_files");
        assertThat(ruleFiles).containsExactly("/etc/prometheus/alerts.yml");
        assertThat(mounts).containsEntry("./prometheus/alerts.yml", "/etc/prometheus/alerts.yml");
        assertThat(list(yaml(DOCKER.resolve("prometheus/prometheus.cluster.yml")), "rule_files"))
                .as("the cluster overlay's Prometheus too").isEqualTo(ruleFiles);
    }

    @Test
    void shouldProvisionTheDataSourceThePanelsNameAndTheDashboardFolderItMounts() throws IOException {
        Map<Object, Object> grafana = map(services(), "grafana");
        Map<Object, Object> datasource = single(list(yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml")),
                "datasources"));
        Map<Object, Object> provider = single(list(yaml(DOCKER.resolve("grafana/provisioning/dashboards/binance-data.yaml")),
                "providers"));
        Map<String, String> mounts = bindMounts(grafana);

        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(list(map(services(), "prometheus"), "ports")).containsExactly("127.0.0.1:9090:9090");
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> uids = dashboard.findValues("datasource").stream().map(d -> d.path("uid").asText()).toList();
        assertThat(uids).hasSizeGreaterThan(40).containsOnly(datasource.get("uid").toString());
        String folder = map(provider, "options").get("path").toString();
        assertThat(mounts).containsEntry("./grafana/dashboards", folder);
        assertThat(map(grafana, "environment")).containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH",
                folder + "/" + DASHBOARD.getFileName());
        assertThat(dashboard.path("uid").asText()).isEqualTo("binance-data");
    }

    @Test
    void shouldPinImagesMountExistingFilesPublishOnLoopbackAndRunAsNonRoot() {
        for (String name : MONITORING) {
            Map<Object, Object> service = map(services(), name);
            assertThat(service.get("image").toString()).as(name).matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+");
            assertThat(list(service, "ports")).as(name).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.toString()).startsWith("127.0.0.1:"));
            assertThat(service.get("user").toString()).as(name).matches("[1-9]\\d*:\\d+");
            Map<String, String> mounts = bindMounts(service);
            assertThat(mounts).as(name + " mounts its configuration").isNotEmpty();
            mounts.keySet().forEach(host -> assertThat(DOCKER.resolve(host)).as(name + " mounts " + host).exists());
        }
    }

    @Test
    void shouldRefuseToStartGrafanaWithoutAnAdminPassword() {
        assertThatThrownBy(() -> ComposeFiles.environment("grafana", Map.of(), COMPOSE))
                .hasMessage("GRAFANA_ADMIN_PASSWORD: set GRAFANA_ADMIN_PASSWORD, see docker/compose.yaml");
        assertThat(ComposeFiles.environment("grafana", Map.of("GRAFANA_ADMIN_PASSWORD", "pw"), COMPOSE))
                .containsEntry("GF_SECURITY_ADMIN_PASSWORD", "pw").containsEntry("GF_SECURITY_ADMIN_USER", "admin")
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false").containsEntry("GF_USERS_ALLOW_SIGN_UP", "false");
    }

    /** Host path (relative to docker/) to container path of each read-only bind mount; named volumes left out. */
    private static Map<String, String> bindMounts(Map<Object, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(service, "volumes")) {
            String[] parts = volume.toString().split(":");
            if (parts[0].startsWith("./")) {
                assertThat(parts).as(volume.toString()).hasSize(3);
                assertThat(parts[2]).as(volume + " is read-only").isEqualTo("ro");
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    private static Map<Object, Object> services() {
        try {
            return map(yaml(COMPOSE), "services");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> yaml(Path file) throws IOException {
        return (Map<Object, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Map<Object, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<Object, Object>) value;
    }

    private static List<Object> list(Map<Object, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return new ArrayList<Object>((List<?>) value);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> single(List<Object> list) {
        assertThat(list).hasSize(1);
        return (Map<Object, Object>) list.get(0);
    }
}
