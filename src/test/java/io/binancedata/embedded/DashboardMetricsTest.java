package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.support.MainProcess;
import io.binancedata.support.PromQl;
import io.binancedata.support.Prometheus;
import io.binancedata.support.SlowHttpSink;
import org.junit.jupiter.api.AfterAll;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alerting rules of docker/compose.yaml and README's metrics list, checked
 * against what the product really
 * exports: the shipped Camel Main runs against the fake exchange with a file sink and a spooled HTTP sink (so the
 * spool's meters exist too), delivers a few trades, and its /observe/metrics is scraped. Every PromQL query of the
 * dashboard must read only series that scrape holds, filter and group only by labels those series carry, and match
 * only label values they have; README must list every {@code binance_*} metric, and only those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsTest {
    private static final Path DASHBOARD = Path.of("docker/grafana/dashboards/binance-data.json");
    private static final Path README = Path.of("README.md");
    private static final Path ALERTS = Path.of("docker/prometheus/alerts.yml");
    private static final Pattern LABEL_TEMPLATE = Pattern.compile("\\$labels\\.(\\w+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int FRAMES = 60;
    /** Series Prometheus writes itself for every target it scrapes. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    /** Labels Prometheus adds to every series of a target (docker/prometheus/prometheus.yml). */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) \\S+$");
    private static final Pattern PLAIN_VALUES = Pattern.compile("[A-Za-z0-9_.+-]+(\\|[A-Za-z0-9_.+-]+)*");

    private FakeExchange exchange;
    private SlowHttpSink httpSink;
    private MainProcess main;
    private String scrapeText;
    private Prometheus scrape;

    @BeforeAll
    void scrapeTheProduct(@TempDir Path dir) throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("BTCUSDT", TradeTape.bundled().get(0).frames().subList(0, FRAMES))));
        httpSink = new SlowHttpSink(0);
        int port = MainProcess.freePort();
        Map<String, String> overrides = MainProcess.settings(exchange, dir, port);
        overrides.put("binance.sink.trade", "sbe-file:" + dir + "," + httpSink.url() + "?httpMethod=POST");
        main = MainProcess.start(overrides, TIMEOUT);
        // The GC pause timer is registered at the first collection the product's binder sees.
        System.gc();
        Map<String, String> btc = Map.of("stream", "trade-btcusdt");
        Map<String, String> network = Map.of("sink", httpSink.url());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                .build();
        await().atMost(TIMEOUT).until(() -> {
            scrapeText = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            scrape = Prometheus.parse(scrapeText);
            return scrape.find("binance_stream_messages_total", btc).stream().anyMatch(s -> s.value() == FRAMES)
                    && scrape.find("binance_sink_delivered_total", network).stream().anyMatch(s -> s.value() == FRAMES)
                    && !scrape.find("jvm_gc_pause_seconds_sum", Map.of()).isEmpty();
        });
        assertThat(scrape.value("binance_stream_lag_seconds_count", btc)).isEqualTo(FRAMES);
        assertThat(scrape.value("binance_sink_delivered_total", Map.of("sink", "sbe-file:" + dir))).isEqualTo(FRAMES);
        assertThat(httpSink.receivedCount()).isEqualTo(FRAMES);
    }

    @AfterAll
    void stop() {
        if (main != null) {
            main.close();
        }
        if (httpSink != null) {
            httpSink.close();
        }
        exchange.close();
    }

    @Test
    void shouldQueryOnlyMetricsLabelsAndValuesTheProductExports() throws Exception {
        List<String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertThat(queries).hasSizeGreaterThan(40);
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            PromQl q = PromQl.parse(query);
            assertThat(q.metrics()).as("metrics read by %s", query).isNotEmpty();
            used.addAll(q.metrics());
            problems.addAll(problems(query, q));
        }
        assertThat(problems).as("queries of " + DASHBOARD + " that read what /observe/metrics does not export")
                .isEmpty();
        assertThat(used).as("what the dashboard shows").contains(
                "binance_stream_state", "binance_stream_messages_total", "binance_stream_lag_seconds_bucket",
                "binance_stream_backfilled_total", "binance_sink_spool_messages", "binance_stream_reconnects_total",
                "binance_stream_dead_lettered_total", "binance_stream_delivery_failed_total",
                "binance_sink_failed_total", "binance_stream_data_stalls_total", "binance_stream_gap_retries_total",
                "binance_stream_gaps_unfilled_total", "up");
    }

    @Test
    void shouldAlertOnlyOnMetricsLabelsAndValuesTheProductExports() throws Exception {
        Map<?, ?> file = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(ALERTS));
        List<String> problems = new ArrayList<>();
        Set<String> alerts = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (Object group : (List<?>) file.get("groups")) {
            for (Object item : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> rule = (Map<?, ?>) item;
                String name = String.valueOf(rule.get("alert"));
                String expr = String.valueOf(rule.get("expr"));
                alerts.add(name);
                assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).as(name).isIn("critical", "warning");
                Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
                assertThat(annotations.keySet().stream().map(String::valueOf).toList()).as(name)
                        .contains("summary", "description");
                if (rule.containsKey("for")) {
                    assertThat(rule.get("for").toString()).as(name).matches("\\d+[smh]");
                }
                PromQl q = PromQl.parse(expr);
                used.addAll(q.metrics());
                problems.addAll(problems(expr, q));
                // the labels its messages name must be on the alert: the ones its series or grouping keep
                Set<String> labels = new TreeSet<>(TARGET_LABELS);
                labels.addAll(q.groupingLabels());
                if (q.groupingLabels().isEmpty()) {
                    q.metrics().forEach(m -> scrape.find(m, Map.of()).forEach(x -> labels.addAll(x.labels().keySet())));
                }
                Matcher template = LABEL_TEMPLATE.matcher(annotations.values().toString());
                while (template.find()) {
                    if (!labels.contains(template.group(1))) {
                        problems.add(name + " names $labels." + template.group(1) + ", which " + expr + " lacks");
                    }
                }
            }
        }
        assertThat(problems).as("rules of " + ALERTS + " that read what /observe/metrics does not export").isEmpty();
        assertThat(alerts).contains("BinanceDataDown", "BinanceStreamFailed", "BinanceGapUnfilled",
                "BinanceDeliveryFailed", "BinanceSpoolBacklog", "BinanceDeliverySlow");
        assertThat(used).contains("binance_stream_gaps_unfilled_total", "binance_stream_delivery_failed_total",
                "binance_sink_spool_messages", "binance_stream_delivery_seconds_bucket", "binance_cluster_groups");
    }

    /** What one query reads that the scrape lacks: metrics, labels, and values of plain (non-variable) matchers. */
    private List<String> problems(String query, PromQl q) {
        List<String> problems = new ArrayList<>();
        Set<String> labelsOfQuery = new TreeSet<>(TARGET_LABELS);
        for (PromQl.Selector selector : q.selectors()) {
            String metric = selector.metric();
            if (metric == null) {
                problems.add("a selector without a metric name, which this test cannot check, in: " + query);
                continue;
            }
            if (PROMETHEUS_SERIES.contains(metric)) {
                continue;
            }
            List<Prometheus.Sample> samples = scrape.find(metric, Map.of());
            if (samples.isEmpty()) {
                problems.add("metric " + metric + " in: " + query);
                return problems; // its labels are unknown: checking them would only repeat this
            }
            samples.forEach(s -> labelsOfQuery.addAll(s.labels().keySet()));
            for (PromQl.Matcher m : selector.matchers()) {
                if (TARGET_LABELS.contains(m.label())) {
                    continue;
                }
                Set<String> values = samples.stream().map(s -> s.labels().get(m.label()))
                        .filter(Objects::nonNull).collect(Collectors.toSet());
                if (values.isEmpty()) {
                    problems.add("label " + m.label() + " of " + metric + " in: " + query);
                } else if (!m.value().contains("$") && PLAIN_VALUES.matcher(m.value()).matches()) {
                    for (String value : m.value().split("\\|")) {
                        if (!values.contains(value)) {
                            problems.add("value " + m.label() + "=" + value + " of " + metric + " in: " + query);
                        }
                    }
                }
            }
        }
        for (String label : q.groupingLabels()) {
            if (!labelsOfQuery.contains(label)) {
                problems.add("grouping label " + label + " in: " + query);
            }
        }
        return problems;
    }

    /**
     * Every PromQL query of a Grafana dashboard: each {@code expr} of a panel's targets (at any depth, so panels in
     * collapsed rows count too) and the selector of each {@code label_values(selector, label)} variable, with the
     * label as a {@code by} clause so that it is checked as well.
     */
    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\s*\\)");
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            Matcher m = labelValues.matcher(text);
            if (variable.path("type").asText().equals("query")) {
                assertThat(m.matches()).as("variable %s: %s", variable.path("name").asText(), text).isTrue();
                queries.add("group by (" + m.group(2) + ") (" + m.group(1) + ")");
            }
        }
        return queries;
    }

    @Test
    void shouldListInTheReadmeEveryBinanceMetricTheProductExportsAndNoOther() throws Exception {
        String section = section(Files.readString(README), "## Health and metrics over HTTP");
        Set<String> exported = exportedNames();
        Set<String> listed = names(section, "binance_[a-z_]*[a-z]");
        Set<String> families = new TreeSet<>();
        Matcher type = TYPE.matcher(scrapeText);
        while (type.find()) {
            if (type.group(1).startsWith("binance_")) {
                families.add(type.group(1));
            }
        }
        assertThat(families).hasSizeGreaterThan(20);
        assertThat(listed).as("README's binance_* metrics missing from the scrape").isSubsetOf(exported);
        assertThat(families).as("exported binance_* metrics missing from README").isSubsetOf(listed);

        Set<String> jvm = names(section, "(?:jvm|process|system)_[a-z_]*[a-z*]");
        assertThat(jvm).hasSizeGreaterThan(10);
        for (String name : jvm) {
            String prefix = name.endsWith("*") ? name.substring(0, name.length() - 1) : null;
            assertThat(exported).as("README lists %s", name)
                    .anyMatch(e -> prefix != null ? e.startsWith(prefix) : e.equals(name));
        }
    }

    /** Sample and family names of the scrape. */
    private Set<String> exportedNames() {
        Set<String> names = scrape.samples().stream().map(Prometheus.Sample::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Matcher type = TYPE.matcher(scrapeText);
        while (type.find()) {
            names.add(type.group(1));
        }
        return names;
    }

    /** Metric names in backticks (alone or in a query) matching {@code regex}. */
    private static Set<String> names(String markdown, String regex) {
        Set<String> names = new TreeSet<>();
        Matcher code = Pattern.compile("`([^`]+)`").matcher(markdown);
        Pattern name = Pattern.compile("(?<![a-z_])" + regex);
        while (code.find()) {
            Matcher m = name.matcher(code.group(1));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The README section under {@code heading}, up to the next heading of the same level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("README has %s", heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }
}
