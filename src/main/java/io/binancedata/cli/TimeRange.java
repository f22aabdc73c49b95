package io.binancedata.cli;

import java.time.Instant;

import io.binancedata.codec.EventTimes;
import io.binancedata.codec.SbeMessageWalker;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code decode}'s time filter: the messages whose chosen time lies in {@code [from, to)}; either end may be open.
 * {@link Field#trade} is a trade's trade time or a kline's open time, which every message has;
 * {@link Field#event} is the event time, which a backfilled message does not have: while a bound is set, such a
 * message is left out — it cannot be placed, and its trade time is a different time — and counted.
 */
final class TimeRange {
    /** The time a range applies to. */
    enum Field {
        trade, event
    }

    private static final long NANOS_PER_MICRO = 1000;
    private static final long MICROS_PER_SECOND = 1_000_000;

    private final long fromMicros;
    private final long toMicros;
    private final boolean bounded;
    private final Field field;
    private long leftOutWithoutEventTime;

    private TimeRange(final long fromMicros, final long toMicros, final boolean bounded, final Field field) {
        this.fromMicros = fromMicros;
        this.toMicros = toMicros;
        this.bounded = bounded;
        this.field = field;
    }

    /**
     * @param from        first instant included, or null for none.
     * @param to          first instant excluded, or null for none.
     * @param field       the time compared.
     * @param commandLine the command the range belongs to, for its error.
     * @throws ParameterException when {@code from} is not before {@code to}.
     */
    static TimeRange of(final Instant from, final Instant to, final Field field, final CommandLine commandLine) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(commandLine, "--from " + from + " is not before --to " + to
                    + ": the range is empty");
        }
        // Times are whole microseconds: t >= from and t < to hold exactly when t >= ceil(from) and t < ceil(to).
        return new TimeRange(from == null ? Long.MIN_VALUE : ceilMicros(from), to == null ? Long.MAX_VALUE
                : ceilMicros(to), from != null || to != null, field);
    }

    /** Whether the message last walked is in the range; counts one left out for having no event time. */
    boolean includes(final SbeMessageWalker message) {
        if (!bounded) {
            return true;
        }
        final long time;
        if (field == Field.event) {
            time = message.eventTime();
            if (EventTimes.isNull(time)) {
                leftOutWithoutEventTime++;
                return false;
            }
        } else {
            time = EventTimes.isNull(message.tradeTime()) ? message.openTime() : message.tradeTime();
        }
        return time >= fromMicros && time < toMicros;
    }

    /** Messages left out because they have no event time (backfilled) while the range is on event times. */
    long leftOutWithoutEventTime() {
        return leftOutWithoutEventTime;
    }

    /** The instant in µs since the epoch, rounded up; beyond the range of µs in a long, that range's end. */
    private static long ceilMicros(final Instant instant) {
        final long micros;
        try {
            micros = Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND) + instant.getNano() / NANOS_PER_MICRO;
        } catch (final ArithmeticException beyondLong) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return instant.getNano() % NANOS_PER_MICRO == 0 ? micros : micros + 1;
    }
}
