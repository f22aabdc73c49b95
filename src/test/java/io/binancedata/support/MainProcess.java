package io.binancedata.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.binancedata.Application;
import io.binancedata.fake.FakeExchange;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** The shipped Camel Main process ({@link Application#newMain()}), run on a thread with some keys overridden. */
public final class MainProcess implements AutoCloseable {
    private final Main main;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Throwable failure;

    private MainProcess(Map<String, String> overrides) {
        main = Application.newMain();
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.countDown();
            }
        });
        thread = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure = e;
            } finally {
                started.countDown();
            }
        }, "camel-main-under-test");
    }

    public static MainProcess start(Map<String, String> overrides, Duration timeout) {
        MainProcess p = new MainProcess(overrides);
        p.thread.start();
        try {
            if (!p.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Camel Main did not start within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.failure != null || p.main.getCamelContext() == null || !p.main.getCamelContext().isStarted()) {
            p.close();
            throw new IllegalStateException("Camel Main failed to start", p.failure);
        }
        return p;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /**
     * The overrides every HTTP test starts from: the fake exchange's URLs, the data directory, BTCUSDT trades only,
     * the management (HTTP) server on {@code port} and Camel Main's HTTP server (control API) on a free port of its own
     * ({@code camel.server.port} in the returned map).
     */
    public static Map<String, String> settings(FakeExchange exchange, Path dataDir, int port) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("binance.ws-url", exchange.wsUrl());
        overrides.put("binance.rest-url", exchange.restUrl());
        overrides.put("binance.file.dir", dataDir.toString());
        overrides.put("binance.trade.symbols", "BTCUSDT");
        overrides.put("binance.kline.symbols", " ");
        overrides.put("camel.management.port", String.valueOf(port));
        overrides.put("camel.server.port", String.valueOf(freePort()));
        return overrides;
    }

    public static int freePort() {
        return FreePorts.next();
    }

    @Override
    public void close() {
        main.completed();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
