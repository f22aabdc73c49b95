package io.binancedata.fake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Binance's limit on WebSocket connection attempts: at most {@code max} per {@code window} per IP (spot: 300 per
 * 5 minutes). An attempt over the limit is refused and does not count itself (<b>guessed</b>: Binance documents the
 * limit, not whether refused attempts count). Thread-safe.
 */
final class ConnectionAttempts {
    private final int max;
    private final long windowNanos;
    private final Map<String, Deque<Long>> byIp = new HashMap<>();

    ConnectionAttempts(int max, long windowNanos) {
        this.max = max;
        this.windowNanos = windowNanos;
    }

    /** Records an attempt from {@code ip} at {@code nanos} ({@link System#nanoTime()}); false when over the limit. */
    synchronized boolean tryAcquire(String ip, long nanos) {
        Deque<Long> attempts = byIp.computeIfAbsent(ip, key -> new ArrayDeque<>());
        while (!attempts.isEmpty() && nanos - attempts.peekFirst() >= windowNanos) {
            attempts.removeFirst();
        }
        if (attempts.size() >= max) {
            return false;
        }
        attempts.addLast(nanos);
        return true;
    }
}
