package io.binancedata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.binancedata.support.PromQl.Matcher;
import io.binancedata.support.PromQl.Selector;
import org.junit.jupiter.api.Test;

/** The PromQL scanner the dashboard test relies on: it must find every metric and label a query reads, and no more. */
class PromQlTest {

    @Test
    void shouldFindTheMetricsOfAHistogramQuantileWithGrafanaVariables() {
        PromQl q = PromQl.parse("histogram_quantile(0.99, sum by (stream, le) "
                + "(rate(binance_stream_lag_seconds_bucket{stream=~\"$stream\"}[$__rate_interval])))");

        assertThat(q.selectors()).containsExactly(new Selector("binance_stream_lag_seconds_bucket",
                List.of(new Matcher("stream", "=~", "$stream"))));
        assertThat(q.groupingLabels()).containsExactly("stream", "le");
    }

    @Test
    void shouldFindBothSidesOfABinaryOperationAndItsMatchingClauses() {
        PromQl q = PromQl.parse("1 - rate(lag_bucket{le=\"0.1\", kind!='kline'}[5m]) / ignoring(le) "
                + "rate(lag_count[5m] offset 1h) > bool 1e-3 or vector(0)");

        assertThat(q.selectors()).containsExactly(
                new Selector("lag_bucket", List.of(new Matcher("le", "=", "0.1"), new Matcher("kind", "!=", "kline"))),
                new Selector("lag_count", List.of()));
        assertThat(q.metrics()).containsExactly("lag_bucket", "lag_count");
        assertThat(q.groupingLabels()).containsExactly("le");
    }

    @Test
    void shouldReadAggregationClausesAfterTheParenthesisAndBareSelectors() {
        PromQl q = PromQl.parse("count without(state) (state == 1) + on(stream) group_left(symbol) "
                + "max(info) by (stream) + {__name__=~\"up|down\"} and topk(3, up{job=\"a\\\"b\"})");

        assertThat(q.metrics()).containsExactly("state", "info", "up");
        assertThat(q.selectors()).contains(new Selector(null, List.of(new Matcher("__name__", "=~", "up|down"))),
                new Selector("up", List.of(new Matcher("job", "=", "a\"b"))));
        assertThat(q.groupingLabels()).containsExactly("state", "stream", "symbol");
    }

    @Test
    void shouldRefuseWhatItCannotRead() {
        assertThatThrownBy(() -> PromQl.parse("up{job=\"a}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unterminated string in: up{job=\"a}");
        assertThatThrownBy(() -> PromQl.parse("rate(up[5m)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no ']' closes the '[' at 7 in: rate(up[5m)");
        assertThatThrownBy(() -> PromQl.parse("up{job}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad label matcher at 3 in: up{job}");
        assertThatThrownBy(() -> PromQl.parse("up{job=\"a\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unterminated label matchers in: up{job=\"a\"");
    }
}
