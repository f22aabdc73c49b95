package io.binancedata.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC wall clock that only moves when told to, in nanoseconds (millis() truncates). Thread-safe. */
public final class ManualClock extends Clock {
    private final AtomicLong epochNanos;

    public ManualClock(Instant start) {
        this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    public void advance(Duration by) {
        advanceNanos(by.toNanos());
    }

    public void advanceNanos(long nanos) {
        epochNanos.addAndGet(nanos);
    }

    @Override
    public Instant instant() {
        long nanos = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public long millis() {
        return Math.floorDiv(epochNanos.get(), 1_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ManualClock is UTC only");
    }
}
