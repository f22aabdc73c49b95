package io.binancedata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The strict Prometheus text checker the metrics tests rely on: it must reject what Prometheus would. */
class PrometheusTest {
    private static final String HISTOGRAM = """
            # HELP lag_seconds Lag
            # TYPE lag_seconds histogram
            lag_seconds_bucket{stream="a",le="0.1"} 1
            lag_seconds_bucket{stream="a",le="1.0"} 3
            lag_seconds_bucket{stream="a",le="+Inf"} 4
            lag_seconds_count{stream="a"} 4
            lag_seconds_sum{stream="a"} 2.5
            """;

    @Test
    void shouldAcceptAValidScrapeAndReadItsSamples() {
        Prometheus p = Prometheus.parse(HISTOGRAM + """
                # HELP messages_total Messages
                # TYPE messages_total counter
                messages_total{stream="a",note="say \\"hi\\", then {go}"} 7.0
                # TYPE pause_seconds summary
                pause_seconds_count{gc="x"} 2
                pause_seconds_sum{gc="x"} 0.5
                # TYPE up gauge
                up NaN
                """);

        assertThat(p.value("lag_seconds_bucket", Map.of("le", "1.0"))).isEqualTo(3);
        assertThat(p.value("messages_total", Map.of("note", "say \"hi\", then {go}"))).isEqualTo(7);
        assertThat(p.family("pause_seconds").type()).isEqualTo("summary");
        assertThat(p.value("up", Map.of())).isNaN();
    }

    @Test
    void shouldRejectASampleWithoutTypeOrApartFromItsFamily() {
        assertThat(Prometheus.violations("orphan 1\n")).singleElement().asString().contains("orphan has no TYPE");
        assertThat(Prometheus.violations("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n"))
                .singleElement().asString().contains("apart from the other samples of its family a");
    }

    @Test
    void shouldRejectATypeDeclaredTwiceAndADuplicateSeries() {
        assertThat(Prometheus.violations("# TYPE a gauge\na 1\n# TYPE a gauge\n"))
                .anySatisfy(v -> assertThat(v).contains("second TYPE for a"));
        assertThat(Prometheus.violations("# TYPE a gauge\na{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 1\n"))
                .singleElement().asString().contains("duplicate series a");
    }

    @Test
    void shouldRejectHistogramsWithoutInfBucketWithFallingCountsOrAWrongCount() {
        assertThat(Prometheus.violations(HISTOGRAM.replace("le=\"+Inf\"", "le=\"2.0\"")))
                .singleElement().asString().contains("the last bucket is le=2.0, not +Inf");
        assertThat(Prometheus.violations(HISTOGRAM.replace("\"} 3", "\"} 0")))
                .singleElement().asString().contains("less than the bucket before");
        assertThat(Prometheus.violations(HISTOGRAM.replace("_count{stream=\"a\"} 4", "_count{stream=\"a\"} 5")))
                .singleElement().asString().contains("_count 5.0 differs from the +Inf bucket 4.0");
        assertThat(Prometheus.violations(HISTOGRAM.replace("lag_seconds_sum{stream=\"a\"} 2.5\n", "")))
                .singleElement().asString().contains("1 _count and 0 _sum samples");
        assertThat(Prometheus.violations(HISTOGRAM.replace("le=\"0.1\"", "le=\"5\"")))
                .singleElement().asString().contains("bucket le=1.0 after le=5.0");
    }

    @Test
    void shouldRejectMalformedLinesNegativeCountersAndUnknownTypes() {
        assertThat(Prometheus.violations("# TYPE a counter\na_total -1\n")).singleElement().asString()
                .contains("counter a_total{} is -1.0");
        assertThat(Prometheus.violations("# TYPE a gauge\na{x=1} 1\n")).singleElement().asString()
                .contains("malformed labels");
        assertThat(Prometheus.violations("# TYPE a gauge\na one\n")).singleElement().asString()
                .contains("invalid value");
        assertThat(Prometheus.violations("# TYPE a meter\n")).singleElement().asString().contains("unknown type");
        assertThatThrownBy(() -> Prometheus.parse("x 1\n")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 violations");
    }
}
