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
    void shouldReadTheTradeIdAndEventTime() {
        assertThat(FrameScanner.longField(TRADE, "t")).isEqualTo(3735683259L);
        assertThat(FrameScanner.longField(TRADE, "E")).isEqualTo(1723161255343L);
        assertThat(FrameScanner.isEvent(TRADE, "trade")).isTrue();
        assertThat(FrameScanner.isEvent(TRADE, "kline")).isFalse();
    }

    @Test
    void shouldReadTheKlineOpenTimeAndClosedFlag() {
        assertThat(FrameScanner.longField(KLINE, "t")).isEqualTo(1617566580000L);
        assertThat(FrameScanner.longField(KLINE, "L")).isEqualTo(745523670L);
        assertThat(FrameScanner.booleanField(KLINE, "x")).isEqualTo(1);
        assertThat(FrameScanner.booleanField(KLINE.replace("\"x\":true", "\"x\":false"), "x")).isZero();
    }

    @Test
    void shouldRecogniseServerShutdown() {
        assertThat(FrameScanner.isEvent("{\"e\":\"serverShutdown\",\"E\":1723161255343}", "serverShutdown")).isTrue();
        assertThat(FrameScanner.isEvent("{\"e\":\"serverShutdownX\"}", "serverShutdown")).isFalse();
    }

    @Test
    void shouldReportAbsentOrMalformedFields() {
        assertThat(FrameScanner.longField("{\"e\":\"trade\",\"t\":\"12\"}", "t")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longField("{\"t\":1.5}", "t")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longField("{\"t\":12345678901234567890}", "t")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longField("{\"e\":\"trade\",\"E\":", "t")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longField("{\"e\":\"trade\",\"E\":", "E")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longField("not json", "t")).isEqualTo(FrameScanner.ABSENT);
        assertThat(FrameScanner.longField("{\"f\":-1}", "f")).isEqualTo(-1);
        assertThat(FrameScanner.booleanField("{\"x\":1}", "x")).isEqualTo(-1);
    }
}
