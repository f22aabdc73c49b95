package io.binancedata.fake;

import io.binancedata.sbe.KlineInterval;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamNameTest {

    @Test
    void shouldParseTradeAndKlineStreams() {
        assertThat(StreamName.parse("btcusdt@trade")).contains(new StreamName("btcusdt@trade", "BTCUSDT", null));
        assertThat(StreamName.parse("ethusdt@kline_1M"))
                .contains(new StreamName("ethusdt@kline_1M", "ETHUSDT", KlineInterval.MONTH_1));
        assertThat(StreamName.parse("币安人生usdt@trade")).get().extracting(StreamName::symbol).isEqualTo("币安人生USDT");
    }

    @Test
    void shouldRejectMalformedNames() {
        assertThat(StreamName.parse("BTCUSDT@trade")).isEmpty();
        assertThat(StreamName.parse("btcusdt@kline_1H")).isEmpty();
        assertThat(StreamName.parse("btcusdt@kline")).isEmpty();
        assertThat(StreamName.parse("btcusdt@trades")).isEmpty();
        assertThat(StreamName.parse("btcusdt")).isEmpty();
        assertThat(StreamName.parse("@trade")).isEmpty();
        assertThat(StreamName.parse("btc usdt@trade")).isEmpty();
    }

    @Test
    void shouldDecodePercentEncodedUtf8Paths() {
        assertThat(StreamName.decodePath("/%E5%B8%81%E5%AE%89%E4%BA%BA%E7%94%9Fusdt@trade"))
                .contains("/币安人生usdt@trade");
        assertThat(StreamName.decodePath("/btcusdt%40trade")).contains("/btcusdt@trade");
        assertThat(StreamName.decodePath("/bad%E5%B8")).isEmpty();
        assertThat(StreamName.decodePath("/bad%zz")).isEmpty();
        assertThat(StreamName.decodePath("/bad%4")).isEmpty();
    }
}
