package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.binancedata.BeanWiring;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.config.ConfigurationException;
import io.binancedata.control.StreamManager;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binance.trade.symbols = *}: every TRADING symbol with a configured quote asset streams from start-up, and the
 * set follows the exchange's listing (symbols that start trading start, symbols that stop trading stop).
 */
class SymbolSetsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Four TRADING symbols (two quoted in USDT), one in BREAK; the bundled tapes add BTCUSDT, ETHUSDT, 币安人生USDT. */
    private static final String EXCHANGE_INFO = """
            {"timezone":"UTC","serverTime":0,"rateLimits":[],"symbols":[
             {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT"},
             {"symbol":"ETHUSDT","status":"TRADING","baseAsset":"ETH","quoteAsset":"USDT"},
             {"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC"},
             {"symbol":"BNBFDUSD","status":"TRADING","baseAsset":"BNB","quoteAsset":"FDUSD"},
             {"symbol":"BCCUSDT","status":"BREAK","baseAsset":"BCC","quoteAsset":"USDT"},
             {"symbol":"币安人生USDT","status":"BREAK","baseAsset":"币安人生","quoteAsset":"USDT"}]}
            """;

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;

    @BeforeEach
    void startExchange() throws Exception {
        Path info = Files.writeString(dir.resolve("exchangeInfo.json"), EXCHANGE_INFO);
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1.0).tapes(TradeTape.bundled())
                .exchangeInfoFile(info));
    }

    @AfterEach
    void stop() {
        if (binance != null) {
            binance.close();
        }
        exchange.close();
    }

    private BinanceData start(Map<String, String> extra) {
        Map<String, String> settings = Product.settings(exchange, dir.resolve("data"));
        settings.put("binance.symbols.cache-ttl", "1ms"); // every look reads exchangeInfo again
        settings.putAll(extra);
        return BinanceData.start(BinanceSettings.of(settings));
    }

    @Test
    void shouldStreamEveryTradingSymbolOfTheQuoteAssetsAndFollowTheListing() {
        binance = start(Map.of("binance.trade.symbols", "*", "binance.symbols.quote-assets", "usdt,FDUSD"));
        assertThat(ids()).as("TRADING and quoted in USDT or FDUSD; BREAK and BTC-quoted left out")
                .containsExactlyInAnyOrder("trade-btcusdt", "trade-ethusdt", "trade-bnbfdusd");
        binance.awaitStreaming(ids(), TIMEOUT);

        exchange.list("ETHUSDT", "BREAK");
        exchange.list("币安人生USDT", "TRADING");
        exchange.list("SOLUSDT", "TRADING");
        exchange.list("SOLBTC", "TRADING");
        try (LogCapture log = new LogCapture(StreamManager.class)) {
            manager().refreshSymbolSets();
            assertThat(log.events()).anyMatch(e -> e.startsWith("INFO Symbol set binance.trade.symbols = *: 1 symbol(s) "
                    + "left TRADING, stopped 1 stream(s): [ETHUSDT]"));
            assertThat(log.events()).anyMatch(e -> e.startsWith("INFO Symbol set binance.trade.symbols = *: 2 symbol(s) "
                    + "now TRADING, starting their streams: [SOLUSDT, 币安人生USDT]"));
        }
        assertThat(ids()).containsExactlyInAnyOrder("trade-btcusdt", "trade-bnbfdusd", "trade-solusdt",
                "trade-币安人生usdt");
        StreamStatus eth = binance.stream("trade-ethusdt").orElseThrow();
        assertThat(eth.state()).isEqualTo(StreamState.STOPPED);
        assertThat(eth.lastError()).isEqualTo("the exchange no longer lists the symbol as TRADING "
                + "(binance.trade.symbols = *)");
        binance.awaitStreaming(ids(), TIMEOUT);
        assertThat(manager().symbolSetCounts().started(StreamKind.TRADE)).isEqualTo(2);
        assertThat(manager().symbolSetCounts().stopped(StreamKind.TRADE)).isEqualTo(1);

        manager().refreshSymbolSets();
        assertThat(manager().symbolSetCounts().started(StreamKind.TRADE)).as("nothing changed since").isEqualTo(2);
        assertThat(manager().symbolSetCounts().stopped(StreamKind.TRADE)).isEqualTo(1);
    }

    @Test
    void shouldNotRestartAStreamTheUserStoppedWhileItsSymbolTrades() {
        binance = start(Map.of("binance.trade.symbols", "*", "binance.symbols.quote-assets", "BTC"));
        assertThat(ids()).containsExactly("trade-ethbtc");
        binance.stopTradeData(List.of("ETHBTC"));

        manager().refreshSymbolSets();
        assertThat(ids()).isEmpty();
    }

    @Test
    void shouldStartKlinesOfEverySymbolForEachInterval() {
        binance = start(Map.of("binance.kline.symbols", "*", "binance.kline.intervals", "1m,5m",
                "binance.symbols.quote-assets", "FDUSD"));
        assertThat(ids()).containsExactlyInAnyOrder("kline-bnbfdusd-1m", "kline-bnbfdusd-5m");

        exchange.list("BNBFDUSD", "HALT");
        manager().refreshSymbolSets();
        assertThat(ids()).isEmpty();
        assertThat(manager().symbolSetCounts().stopped(StreamKind.KLINE)).isEqualTo(2);
    }

    @Test
    void shouldRefuseAQuoteAssetNoTradingSymbolHasAndAStarAmongSymbols() {
        assertThatThrownBy(() -> start(Map.of("binance.trade.symbols", "*", "binance.symbols.quote-assets", "EUR")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("binance.symbols.quote-assets").hasMessageContaining("EUR")
                .hasMessageContaining("binance.trade.symbols = * found none");
        assertThatThrownBy(() -> start(Map.of("binance.trade.symbols", "BTCUSDT,*")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("binance.trade.symbols");
        assertThatThrownBy(() -> start(Map.of("binance.trade.symbols", "*", "binance.symbols.quote-assets", "US-DT")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("binance.symbols.quote-assets");
    }

    /** The ids of the streams that run now. */
    private List<String> ids() {
        return binance.streams().stream().filter(s -> s.state() != StreamState.STOPPED)
                .map(s -> s.key().id()).toList();
    }

    private StreamManager manager() {
        return binance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER,
                StreamManager.class);
    }
}
