package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.binancedata.BinanceData;
import io.binancedata.config.ConfigurationException;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BinanceData#start(Properties)}: the properties given are resolved by the embedded context's own properties
 * component (placeholders included), and nothing else is read — no system property.
 */
class EmbeddedPropertiesTest {
    @TempDir
    Path dir;

    private Properties properties(FakeExchange exchange) {
        Properties properties = new Properties();
        properties.putAll(Product.settings(exchange, dir));
        properties.setProperty("test.root", dir.toString());
        properties.setProperty("binance.file.dir", "{{test.root}}/market");
        properties.setProperty("binance.trade.symbols", "BTCUSDT");
        return properties;
    }

    @Test
    void shouldResolveThePropertiesGivenAndReadNoSystemProperty() throws Exception {
        System.setProperty("binance.kline.symbols", "ETHUSDT");
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()));
             BinanceData binance = BinanceData.start(properties(exchange))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> binance.stream("trade-btcusdt")
                    .map(StreamStatus::messages).orElse(0L) > 0);
            assertThat(binance.streams()).extracting(status -> status.key().id()).containsExactly("trade-btcusdt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(dir.resolve("market/trade/BTCUSDT")));
        } finally {
            System.clearProperty("binance.kline.symbols");
        }
    }

    @Test
    void shouldNameTheKeyWhoseValueNamesAnUndefinedKey() {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()))) {
            Properties properties = properties(exchange);
            properties.setProperty("binance.sink.trade", "sbe-file:{{no.such.root}}");
            assertThatThrownBy(() -> BinanceData.start(properties)).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid configuration binance.sink.trade: its value names a key that is"
                            + " not defined");
        }
    }
}
