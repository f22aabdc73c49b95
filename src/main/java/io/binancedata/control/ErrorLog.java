package io.binancedata.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs unexpected errors with their cause and stack trace, without flooding: each distinct error (class and message)
 * at most once per interval, with the number of repeats not logged since its last line. At most
 * {@value #MAX_DISTINCT} distinct errors are remembered; beyond that the memory starts over. The one way the control
 * API's front ends (HTTP, JMX) log the server failures they answer.
 */
final class ErrorLog {
    static final int MAX_DISTINCT = 256;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, long[]> seen = new HashMap<>();

    ErrorLog(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Logs {@code error} at ERROR ({@code warn}: WARN) as "{@code what} failed", unless the same error was logged less
     * than an interval ago; returns whether it logged.
     */
    boolean report(String what, Throwable error, boolean warn) {
        return report(what, error, warn ? Level.WARN : Level.ERROR);
    }

    /**
     * As {@link #report(String, Throwable, boolean)} at {@code level}; at INFO (or below) as "{@code what}", without
     * the stack trace: an event of the caller's, not a failure of the server.
     */
    boolean report(String what, Throwable error, Level level) {
        long suppressed;
        synchronized (seen) {
            String key = error.getClass().getName() + ": " + error.getMessage();
            long now = nanoTime.getAsLong();
            long[] entry = seen.get(key);   // {last logged at, repeats not logged since}
            if (entry != null && now - entry[0] < intervalNanos) {
                entry[1]++;
                return false;
            }
            if (entry == null && seen.size() >= MAX_DISTINCT) {
                seen.clear();
            }
            suppressed = entry == null ? 0 : entry[1];
            seen.put(key, new long[] {now, 0});
        }
        if (level.toInt() < Level.WARN.toInt()) {
            log.atLevel(level).log("{} ({} repeats not logged since the last report): {}", what, suppressed,
                    error.toString());
        } else if (level == Level.WARN) {
            log.warn("{} failed ({} repeats not logged since the last report): {}", what, suppressed, error.toString(),
                    error);
        } else {
            log.error("{} failed ({} repeats not logged since the last report): {}", what, suppressed, error.toString(),
                    error);
        }
        return true;
    }
}
