package io.binancedata.stream;

import java.util.function.IntSupplier;

/**
 * How many shared (combined-stream) connections are open now ({@code binance.connection.max-streams} above 1), read
 * from the WebSocket component's pool while it runs; exported as {@code binance_shared_connections}.
 */
public final class ConnectionCounts {
    private static final IntSupplier NONE = () -> 0;
    private volatile IntSupplier shared = NONE;

    /** Where the number of shared connections open is read from; {@code null}: none (the component stopped). */
    public void countSharedWith(IntSupplier open) {
        shared = open == null ? NONE : open;
    }

    public int shared() {
        return shared.getAsInt();
    }
}
