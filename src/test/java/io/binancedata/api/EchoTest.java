package io.binancedata.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoTest {
    @Test
    void shouldShowShortInputAsGiven() {
        assertThat(Echo.of("BTCUSDT")).isEqualTo("BTCUSDT");
        assertThat(Echo.of("币安人生USDT")).isEqualTo("币安人生USDT");
        assertThat(Echo.of(null)).isEqualTo("null");
    }

    @Test
    void shouldEscapeControlAndFormatCharacters() {
        assertThat(Echo.of("trade-btcusdt\u0000")).isEqualTo("trade-btcusdt\\u0000");
        assertThat(Echo.of("a\nb\u202Ec\u007F")).isEqualTo("a\\u000ab\\u202ec\\u007f");
        assertThat(Echo.of("x\uD800")).as("a lone surrogate").isEqualTo("x\\ud800");
    }

    @Test
    void shouldCutLongInputAt64CodePoints() {
        assertThat(Echo.of("X".repeat(30_000))).isEqualTo("X".repeat(64) + "…");
        assertThat(Echo.of("X".repeat(64))).isEqualTo("X".repeat(64));
        assertThat(Echo.of("😀".repeat(65))).isEqualTo("😀".repeat(64) + "…");
    }

    @Test
    void shouldCutLongMessages() {
        assertThat(Echo.message("m".repeat(5000))).hasSize(Echo.MAX_MESSAGE_CHARS).endsWith("m…");
        assertThat(Echo.message("short")).isEqualTo("short");
    }
}
