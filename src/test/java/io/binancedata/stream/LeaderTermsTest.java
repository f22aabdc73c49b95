package io.binancedata.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaderTermsTest {
    @Test
    void shouldAdmitOnlyTheGroupsCurrentTermAndNeverReuseOne() {
        LeaderTerms terms = new LeaderTerms(8);
        int btc = terms.group("BTCUSDT");
        int eth = terms.group("ETHUSDT");
        assertThat(btc).isEqualTo(3);
        assertThat(eth).isEqualTo(4);
        assertThat(terms.current(btc)).isZero();
        assertThat(terms.admits("BTCUSDT", 0L)).isFalse();

        long first = terms.open(btc);
        assertThat(first).isPositive();
        assertThat(terms.current(btc)).isEqualTo(first);
        assertThat(terms.admits("BTCUSDT", first)).isTrue();
        assertThat(terms.admits("ETHUSDT", first)).as("another group's batch").isFalse();
        assertThat(terms.admits("BTCUSDT", null)).as("no term").isFalse();

        terms.close(btc);
        assertThat(terms.admits("BTCUSDT", first)).as("a closed term").isFalse();
        long second = terms.open(btc);
        assertThat(second).isNotEqualTo(first);
        assertThat(new LeaderTerms(8).open(btc)).as("another instance's").isNotIn(first, second);
        assertThat(terms.admits("BTCUSDT", first)).as("an older term").isFalse();
        assertThat(terms.admits("BTCUSDT", second)).isTrue();
        assertThat(terms.fenced()).isEqualTo(5);
    }

    @Test
    void shouldFenceNothingWithoutACluster() {
        assertThat(LeaderTerms.NONE.clustered()).isFalse();
        assertThat(LeaderTerms.NONE.admits("BTCUSDT", null)).isTrue();
        assertThat(LeaderTerms.NONE.admits(null, 17L)).isTrue();
        assertThat(LeaderTerms.NONE.fenced()).isZero();
    }
}
