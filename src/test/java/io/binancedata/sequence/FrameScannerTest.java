package io.binancedata.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameScannerTest {
    private static final String TRADE = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
            + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
    private static final String KLINE = "{\"e\":\"kline\",\"E\":1617566640068,\"s\":\"BTCUSDT\",\"k\":{\"t\":1617566580000,"
            + "\"T\":1617566639999,\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":745522651,\"L\":745523670,\"o\":\"57994.6\","
            + "\"n\":1020,\"x\":true,\"q\":\"1.5\"}}";

    @Test
    void shouldTellTheEventTypeOfAFrame() {
        assertThat(FrameScanner.isEvent(TRADE, "trade")).isTrue();
        assertThat(FrameScanner.isEvent(TRADE, "kline")).isFalse();
        assertThat(FrameScanner.isEvent(KLINE, "kline")).isTrue();
        assertThat(FrameScanner.isEvent(KLINE, "serverShutdown")).isFalse();
    }

    @Test
    void shouldRecogniseServerShutdown() {
        assertThat(FrameScanner.isEvent("{\"e\":\"serverShutdown\",\"E\":1723161255343}", "serverShutdown")).isTrue();
        assertThat(FrameScanner.isEvent("{\"e\":\"serverShutdownX\"}", "serverShutdown")).isFalse();
    }

    @Test
    void shouldNotMistakeAFrameWithoutAnEventTypeForOne() {
        assertThat(FrameScanner.isEvent("not json", "serverShutdown")).isFalse();
        assertThat(FrameScanner.isEvent("{\"e\":", "serverShutdown")).isFalse();
        assertThat(FrameScanner.isEvent("{\"e\":\"serverShut", "serverShutdown")).isFalse();
        assertThat(FrameScanner.isEvent("{\"e\":serverShutdown}", "serverShutdown")).isFalse();
    }

    @Test
    void shouldReadTheIntegerOfAFieldOrSayItHasNone() {
        assertThat(FrameScanner.longValue(KLINE, "L")).isEqualTo(745_523_670L);
        assertThat(FrameScanner.longValue(KLINE, "f")).isEqualTo(745_522_651L);
        assertThat(FrameScanner.longValue("{\"k\":{\"f\":-1,\"L\":-1}}", "L")).isEqualTo(-1);
        assertThat(FrameScanner.longValue(TRADE, "L")).as("no such field").isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longValue(KLINE, "o")).as("a string").isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longValue("{\"L\":-}", "L")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longValue("{\"L\":99999999999999999999}", "L")).as("too long")
                .isEqualTo(FrameScanner.ABSENT);
    }
}
