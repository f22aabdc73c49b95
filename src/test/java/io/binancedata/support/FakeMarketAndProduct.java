package io.binancedata.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;

/**
 * A fake exchange whose market runs on one clock (trades happen whether or not anyone is connected), 20 times the
 * recorded pace, replaying the 19,904 recorded BTCUSDT trades, and the embedded product pointed at it.
 */
public final class FakeMarketAndProduct implements AutoCloseable {
    private final FakeExchange exchange;
    private final Map<String, String> settings;
    private BinanceData binance;

    private FakeMarketAndProduct(FakeExchange exchange, Map<String, String> settings, BinanceData binance) {
        this.exchange = exchange;
        this.settings = settings;
        this.binance = binance;
    }

    public static FakeMarketAndProduct start(Path dataDir, Map<String, String> settings) {
        return start(dataDir, settings, FakeExchangeOptions.defaults());
    }

    /** As {@link #start(Path, Map)}, on top of {@code options} (e.g. a connection lifetime). */
    public static FakeMarketAndProduct start(Path dataDir, Map<String, String> settings, FakeExchangeOptions options) {
        FakeExchange exchange = FakeExchange.start(options.speed(20).replayMode(ReplayMode.GLOBAL_CLOCK).loop(false)
                .pingInterval(Duration.ofMillis(300)).tape(Fixtures.btcusdtTape()));
        Map<String, String> all = Product.ownConnectionSettings(exchange, dataDir); // settings may share connections
        all.putAll(settings);
        try {
            return new FakeMarketAndProduct(exchange, all, BinanceData.start(BinanceSettings.of(all)));
        } catch (RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    public FakeExchange exchange() {
        return exchange;
    }

    /** The product settings in use, to start another instance on the same data directory. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public BinanceData binance() {
        return binance;
    }

    /** Stops the product (flushing and closing its files); the exchange keeps running. */
    public void stopProduct() {
        if (binance != null) {
            binance.close();
            binance = null;
        }
    }

    @Override
    public void close() {
        stopProduct();
        exchange.close();
    }
}
