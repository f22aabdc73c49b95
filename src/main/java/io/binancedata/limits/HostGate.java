package io.binancedata.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the calls to one Binance host (Binance limits per IP): the REST host's calls, and the WebSocket host's
 * connection upgrades ({@code ws.ConnectionGate}: no attempt while that host has asked to back off):
 * <ul>
 *   <li>a request-weight budget per UTC minute ({@code binance.limits.rest-weight-per-minute}, default 3000 of
 *       Binance's 6000). Each admitted call reserves its weight; every response's {@code X-MBX-USED-WEIGHT-1M}
 *       replaces the estimate, since the server also counts other processes on the same address;</li>
 *   <li>after HTTP 429 (too many requests) or 418 (IP banned) no call goes to the host until the response's
 *       {@code Retry-After} (seconds, or an HTTP date) has passed; without one, 60 s after a 429 and 5 minutes
 *       after a 418. Binance bans IPs that keep calling after a 429, so the block is never shortened.</li>
 * </ul>
 * {@link #admit(int)} never blocks: it says how long to wait. Thread-safe. Logs a WARN when the host gets blocked and
 * an INFO when it is found free again.
 */
public final class HostGate {
    /** Header carrying the weight the server counted for this IP in the current minute. */
    public static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";
    public static final String RETRY_AFTER_HEADER = "Retry-After";
    static final Duration DEFAULT_429_BLOCK = Duration.ofSeconds(60);
    static final Duration DEFAULT_418_BLOCK = Duration.ofMinutes(5);
    private static final Duration MIN_BLOCK = Duration.ofSeconds(1);
    /** Longest block taken from a Retry-After (Binance's longest IP ban is 3 days): a larger value blocks this long. */
    static final Duration MAX_BLOCK = Duration.ofDays(3);
    private static final long MINUTE_MILLIS = 60_000;
    private static final long NANOS_PER_MILLI = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(HostGate.class);

    private final String host;
    private final int weightPerMinute;
    private final Clock clock;
    private long minute = Long.MIN_VALUE;
    private long usedWeight;
    /** Weight of the calls admitted and not answered yet: a count the server reports may not hold them. */
    private long inFlightWeight;
    private long blockedUntilMillis = Long.MIN_VALUE;
    private boolean blocked;
    private boolean badHeaderLogged;

    /**
     * @param host            the host guarded, for logs and errors (e.g. {@code api.binance.com})
     * @param weightPerMinute the budget per UTC minute, at least 1
     * @param clock           wall clock (Binance's weight window is the UTC minute; Retry-After is absolute)
     */
    public HostGate(String host, int weightPerMinute, Clock clock) {
        if (weightPerMinute < 1) {
            throw new IllegalArgumentException("weightPerMinute must be at least 1: " + weightPerMinute);
        }
        this.host = host;
        this.weightPerMinute = weightPerMinute;
        this.clock = clock;
    }

    /**
     * Asks to send a call of {@code weight} now.
     *
     * @return 0 when the call may go now (its weight is reserved), otherwise the nanoseconds to wait before asking
     *         again: until the block ends, or until the next minute when the budget is used up
     * @throws IllegalArgumentException when {@code weight} exceeds the whole budget (it could never be admitted)
     */
    public synchronized long admit(int weight) {
        long wait = waitNanos(weight);
        if (wait > 0) {
            LOG.debug("REST host {} blocked or its weight budget of {} used up ({}): waiting {} ms", host,
                    weightPerMinute, usedWeight, wait / NANOS_PER_MILLI);
            return wait;
        }
        usedWeight += weight;
        inFlightWeight += weight;
        return 0;
    }

    /**
     * How long a call of {@code weight} would have to wait if it asked now, without reserving anything: for a caller
     * that paces its own calls and must be able to give up while it waits (the gap fetcher).
     *
     * @return 0 when {@link #admit} would admit it now; otherwise nanoseconds until the block ends or the next minute
     * @throws IllegalArgumentException when {@code weight} exceeds the whole budget (it could never be admitted)
     */
    public synchronized long waitNanos(int weight) {
        if (weight < 0 || weight > weightPerMinute) {
            throw new IllegalArgumentException("weight " + weight + " outside 0.." + weightPerMinute + " for " + host);
        }
        long now = clock.millis();
        if (isBlocked(now)) {
            return (blockedUntilMillis - now) * NANOS_PER_MILLI;
        }
        rollMinute(now);
        if (usedWeight + weight > weightPerMinute) {
            return ((minute + 1) * MINUTE_MILLIS - now) * NANOS_PER_MILLI;
        }
        return 0;
    }

    /** {@link #onResponse(int, int, Optional, Optional)} of a call that reserved no weight (a WebSocket upgrade). */
    public synchronized void onResponse(int status, Optional<String> usedWeightHeader,
                                        Optional<String> retryAfterHeader) {
        onResponse(0, status, usedWeightHeader, retryAfterHeader);
    }

    /**
     * Takes in what the response to a call of {@code weight} (admitted before) says about the limits.
     *
     * @param status            HTTP status; 429 and 418 block the host
     * @param usedWeightHeader  {@code X-MBX-USED-WEIGHT-1M}, when sent: the weight used this minute, to which the
     *                          calls still in flight are added (the server has not counted them all yet)
     * @param retryAfterHeader  {@code Retry-After}, when sent: how long a 429/418 blocks the host
     */
    public synchronized void onResponse(int weight, int status, Optional<String> usedWeightHeader,
                                        Optional<String> retryAfterHeader) {
        inFlightWeight = Math.max(0, inFlightWeight - weight);
        long now = clock.millis();
        usedWeightHeader.ifPresent(text -> serverWeight(text, now));
        if (status == 429 || status == 418) {
            Duration fallback = status == 418 ? DEFAULT_418_BLOCK : DEFAULT_429_BLOCK;
            Duration block = retryAfterHeader.flatMap(text -> retryAfter(text, now)).orElse(fallback);
            block = block.compareTo(MIN_BLOCK) < 0 ? MIN_BLOCK : block.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : block;
            long until = now + block.toMillis();
            boolean wasBlocked = isBlocked(now);
            blockedUntilMillis = Math.max(blockedUntilMillis, until);
            blocked = true;
            if (!wasBlocked) {
                LOG.warn("REST host {} answered HTTP {} ({}): no calls until {}", host, status,
                        status == 418 ? "IP banned" : "too many requests", Instant.ofEpochMilli(blockedUntilMillis));
            } else {
                LOG.debug("REST host {} answered HTTP {} again; blocked until {}", host, status,
                        Instant.ofEpochMilli(blockedUntilMillis));
            }
        }
    }

    /** A call of {@code weight} admitted before got no response (a timeout, an I/O error): no longer in flight. */
    public synchronized void onNoResponse(int weight) {
        inFlightWeight = Math.max(0, inFlightWeight - weight);
    }

    /** When the block after a 429/418 ends; empty when the host is not blocked. */
    public synchronized Optional<Instant> blockedUntil() {
        return isBlocked(clock.millis()) ? Optional.of(Instant.ofEpochMilli(blockedUntilMillis)) : Optional.empty();
    }

    /** Weight used in the current minute: reserved by this gate or, when newer, reported by the server. */
    public synchronized long usedWeight() {
        rollMinute(clock.millis());
        return usedWeight;
    }

    public String host() {
        return host;
    }

    public int weightPerMinute() {
        return weightPerMinute;
    }

    /** The gate's clock, for callers that turn a wait into an instant. */
    public Clock clock() {
        return clock;
    }

    private boolean isBlocked(long now) {
        if (now < blockedUntilMillis) {
            return true;
        }
        if (blocked) {
            blocked = false;
            LOG.info("REST host {} is free again (blocked until {})", host, Instant.ofEpochMilli(blockedUntilMillis));
        }
        return false;
    }

    private void rollMinute(long now) {
        long current = Math.floorDiv(now, MINUTE_MILLIS);
        if (current > minute) { // a clock stepped back keeps the minute's count: no second budget
            minute = current;
            usedWeight = 0;
        }
    }

    private void serverWeight(String text, long now) {
        try {
            long reported = Long.parseLong(text.trim());
            if (reported < 0) {
                throw new NumberFormatException("negative");
            }
            rollMinute(now);
            usedWeight = reported + inFlightWeight;
        } catch (NumberFormatException e) {
            if (!badHeaderLogged) {
                badHeaderLogged = true;
                LOG.warn("REST host {} sent an unreadable {} header '{}'; keeping the own estimate", host,
                        USED_WEIGHT_HEADER, text);
            }
        }
    }

    /** Retry-After as delta-seconds or an HTTP date (RFC 9110); unreadable → empty so the default applies. */
    private Optional<Duration> retryAfter(String text, long now) {
        String value = text.trim();
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            try {
                ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.ofMillis(date.toInstant().toEpochMilli() - now));
            } catch (DateTimeParseException notDate) {
                LOG.warn("REST host {} sent an unreadable {} header '{}'; using the default", host,
                        RETRY_AFTER_HEADER, text);
                return Optional.empty();
            }
        }
    }
}
