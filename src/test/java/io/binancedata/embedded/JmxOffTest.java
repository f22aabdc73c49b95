package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import io.binancedata.BinanceData;
import io.binancedata.control.JmxControlRegistration;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.support.MainProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camel.main.jmx-enabled = false} turns the product's MBean off too: its start and stop operations are not
 * offered on the platform MBean server (the other control interfaces stay).
 */
class JmxOffTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldOfferTheProductMBeanOnlyWithJmxOn() throws Exception {
        ObjectName streams = new ObjectName(JmxControlRegistration.OBJECT_NAME);
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()))) {
            for (boolean jmx : List.of(false, true)) {
                Map<String, String> overrides = MainProcess.settings(exchange, dir.resolve("jmx-" + jmx),
                        MainProcess.freePort());
                overrides.put("binance.trade.symbols", " ");
                overrides.put("camel.main.jmx-enabled", String.valueOf(jmx));
                try (MainProcess main = MainProcess.start(overrides, TIMEOUT)) {
                    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(streams)).as("JMX " + jmx)
                            .isEqualTo(jmx);
                    assertThat(BinanceData.of(main.camelContext()).startTradeData(List.of("BTCUSDT")).started())
                            .as("the Java API either way").containsExactly("trade-btcusdt");
                }
                assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(streams)).isFalse();
            }
        }
    }
}
