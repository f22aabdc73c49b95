package io.binancedata.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;

/** Starts the embedded product against a fake exchange, writing under a test directory. */
public final class Product {
    private Product() {
    }

    public static Map<String, String> settings(FakeExchange exchange, Path dataDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("binance.ws-url", exchange.wsUrl());
        settings.put("binance.rest-url", exchange.restUrl());
        settings.put("binance.file.dir", dataDir.toString());
        settings.put("binance.reconnect.delay", "200ms");
        settings.put("binance.connect.timeout", "5s");
        return settings;
    }

    /**
     * As {@link #settings}, with a raw-stream connection of its own per stream ({@code binance.connection.max-streams
     * = 1}) instead of the default shared connections: for tests of what one stream's connection does (its sessions
     * at the exchange, its pings, its connection limits, its replay from the tape's start, bad frames on it).
     */
    public static Map<String, String> ownConnectionSettings(FakeExchange exchange, Path dataDir) {
        Map<String, String> settings = settings(exchange, dataDir);
        settings.put("binance.connection.max-streams", "1");
        return settings;
    }

    public static BinanceData start(FakeExchange exchange, Path dataDir) {
        return BinanceData.start(BinanceSettings.of(settings(exchange, dataDir)));
    }

    /** {@link #start} with {@link #ownConnectionSettings}. */
    public static BinanceData startOwnConnections(FakeExchange exchange, Path dataDir) {
        return BinanceData.start(BinanceSettings.of(ownConnectionSettings(exchange, dataDir)));
    }
}
