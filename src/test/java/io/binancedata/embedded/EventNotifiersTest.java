package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.binancedata.BinanceData;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.support.MainProcess;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.EventNotifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of an exchange does not grow with the number of streams: Camel walks every event notifier on each exchange
 * event, and its platform-http-main registers a new one per route started in a running context (two per stream route
 * with the control and management servers on). The shipped Camel Main process keeps the same few notifiers whether
 * it runs 4 routes or 84 ({@link io.binancedata.BinanceCamelContext}).
 */
class EventNotifiersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheSameFewEventNotifiersHoweverManyStreamRoutesAreAdded() {
        SyntheticMarket market = SyntheticMarket.of(60, 5, 2_000);
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(market))) {
            Map<String, String> overrides = MainProcess.settings(exchange, dir, MainProcess.freePort());
            overrides.put("binance.connection.max-streams", "100");
            try (MainProcess main = MainProcess.start(overrides, TIMEOUT)) {
                CamelContext camel = main.camelContext();
                BinanceData binance = BinanceData.of(camel);
                int configured = binance.streams().size();
                List<String> atStart = notifiers(camel);
                assertThat(atStart).hasSizeLessThan(6)
                        .filteredOn(name -> name.contains("MainHttpServerUtil")).as("one per HTTP server").hasSize(2);

                List<String> symbols = market.tradingSymbols().subList(0, 40);
                binance.startTradeData(symbols);
                binance.startOhlcvData(symbols, List.of("1m"));
                assertThat(binance.streams()).hasSize(configured + 80);
                assertThat(camel.getRoutes()).hasSizeGreaterThan(80);
                assertThat(notifiers(camel)).as("after 80 more stream routes").isEqualTo(atStart);
            }
        }
    }

    private static List<String> notifiers(CamelContext camel) {
        return camel.getManagementStrategy().getStartedEventNotifiers().stream().map(EventNotifier::getClass)
                .map(Class::getName).sorted().toList();
    }
}
