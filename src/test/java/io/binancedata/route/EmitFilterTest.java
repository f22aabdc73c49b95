package io.binancedata.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.TradeEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmitFilterTest {
    private static CamelContext camel;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void close() throws Exception {
        camel.close();
    }

    private static Exchange with(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static KlineEvent kline(boolean closed) {
        return new KlineEvent("kline", 1_617_566_640_068L, "BTCUSDT", new KlineEvent.Kline(1_617_566_580_000L,
                1_617_566_639_999L, "BTCUSDT", "1m", 745_522_651L, 745_523_670L, "57994.60000000", "57999.99000000",
                "58018.03000000", "57974.41000000", "23.06712200", 1020, closed, "1337913.58654308", "11.41334700",
                "661954.86510045"));
    }

    private static TradeEvent trade() {
        return new TradeEvent("trade", 1_723_161_255_343L, "BTCUSDT", 3_727_543_110L, "61234.56000000",
                "0.00100000", 1_723_161_255_342L, true);
    }

    @Test
    void closedPassesOnlyTheFinalKline() {
        assertThat(EmitFilter.CLOSED.matches(with(kline(true)))).isTrue();
        assertThat(EmitFilter.CLOSED.matches(with(kline(false)))).isFalse();
    }

    @Test
    void closedPassesTrades() {
        assertThat(EmitFilter.CLOSED.matches(with(trade()))).isTrue();
    }

    @Test
    void closedPassesWhatIsNoEventSoThatTheEncoderDeadLettersIt() {
        assertThat(EmitFilter.CLOSED.matches(with("{\"e\":\"kline\"}"))).isTrue();
        assertThat(EmitFilter.CLOSED.matches(with(null))).isTrue();
    }

    @Test
    void allPassesEveryUpdate() {
        assertThat(EmitFilter.ALL.matches(with(kline(false)))).isTrue();
        assertThat(EmitFilter.ALL.matches(with(kline(true)))).isTrue();
        assertThat(EmitFilter.ALL.matches(with(trade()))).isTrue();
    }

    @Test
    void ofPicksTheMode() {
        assertThat(EmitFilter.of(true)).isSameAs(EmitFilter.ALL);
        assertThat(EmitFilter.of(false)).isSameAs(EmitFilter.CLOSED);
        assertThat(EmitFilter.CLOSED).hasToString("emit closed");
        assertThat(EmitFilter.ALL).hasToString("emit all");
    }
}
