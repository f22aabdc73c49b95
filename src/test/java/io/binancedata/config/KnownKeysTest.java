package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;

/** A {@code binance.*} key the product does not read stops the start, naming the key it most likely meant. */
class KnownKeysTest {

    @Test
    void shouldRefuseAMisspelledKeyNamingTheClosestKnownOne() {
        Map<String, String> values = Map.of("binance.trade.symbol", "ETHUSDT", "binance.reconect.delay", "1s");
        assertThatThrownBy(() -> KnownKeys.check(List.of("camel.main.name", "binance.trade.symbol",
                "binance.reconect.delay", "binance.trade.symbols"), values::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration binance.reconect.delay=1s: expected a key the product reads "
                        + "(binance.reconect.delay is none; did you mean binance.reconnect.delay?)");
        assertThatThrownBy(() -> KnownKeys.check(List.of("binance.trade.symbol"), values::get))
                .hasMessageEndingWith("did you mean binance.trade.symbols?)");
    }

    @Test
    void shouldAcceptEveryKeyItReadsAndOnlyWarnAboutARetiredOne() {
        List<String> keys = new java.util.ArrayList<>(java.util.Arrays.stream(Setting.values()).map(Setting::key)
                .toList());
        keys.addAll(List.of("binance.control.token", "binance.control.allowed-hosts", "binance.log.appender",
                "binance.shared.dir", "logging.level.root", "camel.main.name"));
        try (LogCapture log = new LogCapture(KnownKeys.class)) {
            KnownKeys.check(keys, key -> "x");
            assertThat(log.events()).isEmpty();
            KnownKeys.check(List.of("binance.watchdog.kline-silence"), key -> "30s");
            assertThat(log.events()).containsExactly("WARN Configuration key binance.watchdog.kline-silence is no "
                    + "longer read (see README); remove it");
        }
    }

    @Test
    void shouldWarnAboutAnEnvironmentVariableThatStandsForNoKey() {
        try (LogCapture log = new LogCapture(KnownKeys.class)) {
            KnownKeys.warnUnknownEnvironment(List.of("BINANCE_TRADE_SYMBOLS", "BINANCE_CONTROL_TOKEN", "PATH",
                    "BINANCE_TRADE_SYMBOL", "BINANCE_SINK_DEAD_LETTER"));
            assertThat(log.events()).containsExactly("WARN Environment variable BINANCE_TRADE_SYMBOL stands for no key"
                    + " the product reads (did you mean BINANCE_TRADE_SYMBOLS?); ignored");
        }
    }
}
