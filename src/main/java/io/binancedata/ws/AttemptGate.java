package io.binancedata.ws;

/** Admits connection attempts process-wide (Binance limits attempts per IP). */
@FunctionalInterface
public interface AttemptGate {
    /** @return 0 when an attempt may start now (it is counted), else the nanoseconds to wait before asking again */
    long tryAcquire();

    /** Admits every attempt. */
    AttemptGate OPEN = () -> 0;
}
