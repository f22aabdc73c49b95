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
        // a raw-stream connection per stream, as these tests were written for (the default shares connections of 200
        // streams: SharedConnectionsTest, WholeExchangeTest and the tests run with both put max-streams themselves)
        settings.put("binance.connection.max-streams", "1");
        return settings;
    }

    public static BinanceData start(FakeExchange exchange, Path dataDir) {
        return BinanceData.start(BinanceSettings.of(settings(exchange, dataDir)));
    }
}
