package io.binancedata.bench.e2e;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The bare clients the harness can measure against the jar ({@code --bare-client}): each reads the burst's streams
 * and only counts complete text messages, so its cost is the WebSocket reader's alone.
 */
enum BareClients {
    /** {@link BareSocketClient}: the JDK's {@code java.net.http.WebSocket}, which decodes every message to chars. */
    JDK("bare JDK WebSocket"),
    /** {@link VertxBareClient}: Vert.x (Netty) frames, read as bytes, never decoded to chars. */
    VERTX("bare Vert.x WebSocket");

    private final String label;

    BareClients(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    BareResult read(BareTarget target, LongSupplier epochMicros, Duration timeout) throws Exception {
        return this == JDK ? BareSocketClient.read(target, epochMicros, timeout)
                : VertxBareClient.read(target, epochMicros, timeout);
    }

    /** One line of a timeout's list of short streams. */
    static String shortStream(String symbol, long received, String failure) {
        return String.format(Locale.ROOT, "%n  %s: %d received%s", symbol, received,
                failure == null ? "" : ", " + failure);
    }

    static TimeoutException timeout(String client, long received, BareTarget target, Duration timeout,
                                    CharSequence shortStreams) {
        return new TimeoutException(client + ": " + received + " of " + target.totalTrades() + " frames after "
                + timeout + "; short streams:" + shortStreams);
    }
}
