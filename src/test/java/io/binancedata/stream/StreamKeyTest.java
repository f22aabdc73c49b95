package io.binancedata.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;

import io.binancedata.api.InvalidSymbolException;
import org.junit.jupiter.api.Test;

class StreamKeyTest {
    @Test
    void shouldBuildIdsAndStreamNamesFromNormalizedSymbols() {
        assertThat(StreamKey.trade(" btcusdt").id()).isEqualTo("trade-btcusdt");
        assertThat(StreamKey.kline("BTCUSDT", "1M").streamName()).isEqualTo("btcusdt@kline_1M");
        assertThat(StreamKey.trade("币安人生usdt").streamName()).isEqualTo("币安人生usdt@trade");
    }

    @Test
    void shouldNeverHoldASymbolOfABadShape() {
        for (String bad : Arrays.asList("A/B", "X Y", "..", "BTC\u0000USDT", "", "btc-usdt")) {
            assertThatThrownBy(() -> StreamKey.trade(bad)).as(bad).isInstanceOf(InvalidSymbolException.class);
            assertThatThrownBy(() -> new StreamKey(StreamKind.KLINE, bad, "1m")).as(bad)
                    .isInstanceOf(InvalidSymbolException.class);
        }
        for (String bad : Arrays.asList("../x", "1m/x", "2d", "1H", "")) {
            assertThatThrownBy(() -> StreamKey.kline("BTCUSDT", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown kline interval");
        }
    }

    @Test
    void shouldParseOnlyExactIds() {
        assertThat(StreamKey.fromId("trade-btcusdt")).hasValue(StreamKey.trade("BTCUSDT"));
        assertThat(StreamKey.fromId("kline-btcusdt-1m")).hasValue(StreamKey.kline("BTCUSDT", "1m"));
        assertThat(StreamKey.fromId("kline-btcusdt-1M")).hasValue(StreamKey.kline("BTCUSDT", "1M"));
        assertThat(StreamKey.fromId("trade-币安人生usdt")).hasValue(StreamKey.trade("币安人生USDT"));
        for (String id : Arrays.asList("trade-btcusdt\u0000", "trade-BTCUSDT", "trade- btcusdt", "trade-btcusdt ",
                "trade-a/b", "trade-", "trade", "kline-btcusdt", "kline-btcusdt-2d", "kline-btcusdt-1m-x",
                "Trade-btcusdt", "trade-btc-usdt", "no-such-thing", "", null)) {
            assertThat(StreamKey.fromId(id)).as(String.valueOf(id)).isEqualTo(Optional.empty());
        }
    }
}
