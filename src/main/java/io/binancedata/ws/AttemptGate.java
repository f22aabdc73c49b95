package io.binancedata.ws;

import java.util.Optional;

/** Admits connection attempts process-wide (Binance limits attempts per IP and may answer 429/418). */
public interface AttemptGate {
    /** @return 0 when an attempt may start now (it is counted), else the nanoseconds to wait before asking again */
    long tryAcquire();

    /** Told when the server refused an upgrade with this HTTP status and {@code Retry-After} header. */
    default void onRejected(int status, Optional<String> retryAfter) {
    }

    /** Admits every attempt. */
    AttemptGate OPEN = () -> 0;
}
