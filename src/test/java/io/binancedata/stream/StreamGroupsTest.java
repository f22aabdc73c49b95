package io.binancedata.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamGroupsTest {
    @Test
    void shouldPlaceASymbolByTheCrc32OfItsUpperCaseUtf8BytesModuloTheGroups() {
        // CRC-32 (zlib): BTCUSDT 2895029187, ETHUSDT 519679068, BNBUSDT 866364302, SOLUSDT 2254852400,
        // 币安人生USDT 1405052144
        assertThat(StreamGroups.group("BTCUSDT", 8)).isEqualTo(3);
        assertThat(StreamGroups.group("btcusdt", 8)).isEqualTo(3);
        assertThat(StreamGroups.group("ETHUSDT", 8)).isEqualTo(4);
        assertThat(StreamGroups.group("BNBUSDT", 8)).isEqualTo(6);
        assertThat(StreamGroups.group("SOLUSDT", 8)).isEqualTo(0);
        assertThat(StreamGroups.group("BTCUSDT", 1000)).isEqualTo(187);
        assertThat(StreamGroups.group("币安人生USDT", 1000)).isEqualTo(144);
        assertThat(StreamGroups.group("BTCUSDT", 1)).isZero();
    }

    @Test
    void shouldKeepEveryStreamOfASymbolInOneGroup() {
        int trade = StreamGroups.group(StreamKey.trade("ETHUSDT"), 5);
        assertThat(StreamGroups.group(StreamKey.kline("ETHUSDT", "1m"), 5)).isEqualTo(trade);
        assertThat(StreamGroups.group(StreamKey.kline("ETHUSDT", "1d"), 5)).isEqualTo(trade);
        assertThat(trade).isEqualTo((int) (519679068L % 5));
    }

    @Test
    void shouldRefuseFewerThanOneGroup() {
        assertThatThrownBy(() -> StreamGroups.group("BTCUSDT", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
