package io.binancedata.stream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many shared (combined-stream) connections are open now ({@code binance.connection.max-streams} above 1): kept by
 * the WebSocket component's pool, exported as {@code binance_shared_connections}.
 */
public final class ConnectionCounts {
    private final AtomicInteger shared = new AtomicInteger();

    public void onSharedOpened() {
        shared.incrementAndGet();
    }

    public void onSharedClosed() {
        shared.decrementAndGet();
    }

    public int shared() {
        return shared.get();
    }
}
