package io.binancedata.sequence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one stream's frames gapless and free of duplicates across reconnects, rotations and stalls: the one place
 * that decides what reaches the route.
 * <ul>
 * <li>Trades: ids are consecutive per symbol. An id at or below the last one delivered is a duplicate (the overlap
 * of two connections) and is dropped; a jump is filled with the missing trades, in id order, before the frame.</li>
 * <li>Klines: ordered by (open time, event time). An update older than the last one delivered, or of a bucket whose
 * final candle was delivered, is dropped; when a bucket starts that does not follow the last final candle (the
 * final was missed, or whole buckets were), the missed closed candles are filled first.</li>
 * </ul>
 * A gap whose fetch fails is fetched again as long as the {@link GapFiller} says it is worth it ({@code GapFetch});
 * one that stays unfilled is counted, logged at ERROR, and holds the checkpoint at the position before it, so that a
 * restart fetches it again.
 * <p>
 * Events are judged by their {@link SequenceFields}, which the stream's decoder reads as it decodes; a frame that
 * does not decode never reaches the guard (the pipeline dead-letters it). Used by one thread at a time (the stream's
 * drain), so it needs no synchronisation of its own.
 */
public final class SequenceGuard {
    /** Where frames go, in order. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(CharSequence frame, boolean backfilled, long receiveTimeMicros);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SequenceGuard.class);

    private final StreamKey key;
    private final StreamStatus status;
    private final GapFiller filler;
    private final GapFetch gapFetch;
    private long lastTradeId = FrameScanner.ABSENT;
    private long lastOpenTime = FrameScanner.ABSENT;
    private long lastEventTime = FrameScanner.ABSENT;
    private long lastCloseTime = FrameScanner.ABSENT;
    private long lastFirstTradeId = FrameScanner.ABSENT;
    private long lastLastTradeId = FrameScanner.ABSENT;
    private boolean lastClosed;
    private SequenceCheckpoints checkpoints;
    private long checkpointNanos;
    private long lastCheckpointNanos = System.nanoTime();
    private volatile String held;
    /** The position before the first gap that stayed unfilled: saved instead of the current one from then on. */
    private volatile String heldAt;

    /** A guard for a fresh stream, without checkpoints. */
    public SequenceGuard(StreamStatus status, GapFiller filler) {
        this.key = status.key();
        this.status = status;
        this.filler = filler;
        this.gapFetch = new GapFetch(key.id(), status, filler);
    }

    /**
     * A guard that continues where {@code previous} left off in this process or, when there is none, where the
     * checkpoint of an earlier run left off; it records its own position at most every {@code interval}.
     */
    public SequenceGuard(StreamStatus status, GapFiller filler, SequenceGuard previous, SequenceCheckpoints checkpoints,
                         Duration interval) {
        this(status, filler);
        this.checkpoints = checkpoints;
        this.checkpointNanos = interval.toNanos();
        if (previous != null) {
            copyFrom(previous);
            held = previous.held;
            heldAt = previous.heldAt;
        } else {
            checkpoints.load(key.id()).ifPresent(this::restore);
        }
    }

    private void copyFrom(SequenceGuard previous) {
        lastTradeId = previous.lastTradeId;
        lastOpenTime = previous.lastOpenTime;
        lastEventTime = previous.lastEventTime;
        lastCloseTime = previous.lastCloseTime;
        lastFirstTradeId = previous.lastFirstTradeId;
        lastLastTradeId = previous.lastLastTradeId;
        lastClosed = previous.lastClosed;
    }

    /** The position as one line of text: {@code trade <id>} or {@code kline <open> <event> <close> <closed> <f> <L>}. */
    public String position() {
        return key.kind() == StreamKind.TRADE ? "trade " + lastTradeId
                : "kline " + lastOpenTime + " " + lastEventTime + " " + lastCloseTime + " " + lastClosed + " "
                        + lastFirstTradeId + " " + lastLastTradeId;
    }

    private void restore(String position) {
        String[] parts = position.split(" ");
        try {
            if (key.kind() == StreamKind.TRADE && parts.length == 2 && "trade".equals(parts[0])) {
                lastTradeId = Long.parseLong(parts[1]);
            } else if (key.kind() == StreamKind.KLINE && parts.length == 7 && "kline".equals(parts[0])) {
                lastOpenTime = Long.parseLong(parts[1]);
                lastEventTime = Long.parseLong(parts[2]);
                lastCloseTime = Long.parseLong(parts[3]);
                lastClosed = Boolean.parseBoolean(parts[4]);
                lastFirstTradeId = Long.parseLong(parts[5]);
                lastLastTradeId = Long.parseLong(parts[6]);
            } else {
                throw new NumberFormatException("unexpected shape");
            }
            LOG.info("Stream {}: continuing from the checkpoint of an earlier run ({})", key.id(), position);
        } catch (NumberFormatException e) {
            LOG.warn("Stream {}: ignoring an unreadable checkpoint '{}'", key.id(), position);
        }
    }

    /**
     * Records the position now (when the stream stops), for the next write of the {@link SequenceCheckpoints}; call
     * only once everything this guard let through has reached the sinks, and while no frame is being delivered. Does
     * nothing once checkpoints are {@link #holdCheckpoints held}; after a gap that stayed unfilled, records the
     * position before that gap.
     */
    public void checkpoint() {
        if (checkpoints != null && held == null) {
            String at = heldAt;
            checkpoints.record(key.id(), at != null ? at : position());
            lastCheckpointNanos = System.nanoTime();
        }
    }

    /** {@link #checkpoint()} when the last one is older than the interval; same preconditions. */
    public void checkpointIfDue() {
        if (checkpoints != null && System.nanoTime() - lastCheckpointNanos >= checkpointNanos) {
            checkpoint();
        }
    }

    /**
     * Stops saving the position for the rest of this process: something this guard let through did not reach a
     * sink, so the saved position must stay before it (a restart then fetches it again). Logged once.
     */
    public void holdCheckpoints(String reason) {
        if (held == null && checkpoints != null) {
            held = reason;
            LOG.error("Stream {}: a delivery failed ({}); its checkpoint is held at the last position every sink "
                    + "accepted, so a restart fetches everything after it again", key.id(), reason);
        }
    }

    /**
     * The stream stops: a gap fill waiting to try again gives its gap up now (counted, logged, the checkpoint held
     * before it) instead of holding the stop up; a fetch under way is let finish. Any thread.
     */
    public void stopFills() {
        gapFetch.stop();
    }

    /** The stream starts (again): failed gap fills are tried again. Any thread. */
    public void resumeFills() {
        gapFetch.resume();
    }

    /**
     * Decides on one live event by its sequence fields, and moves the position to it when it passes.
     *
     * @param backfill where the events of a gap before this one go first, in order (fetched over REST)
     * @return true to deliver the event (after the gap's events); false to drop it: a duplicate, counted
     */
    public boolean admit(SequenceFields event, long receiveTimeMicros, Delivery backfill) {
        return key.kind() == StreamKind.TRADE ? admitTrade(event.tradeId, receiveTimeMicros, backfill)
                : admitKline(event, receiveTimeMicros, backfill);
    }

    /** Id of the last trade delivered, {@link FrameScanner#ABSENT} before the first. */
    public long lastTradeId() {
        return lastTradeId;
    }

    private boolean admitTrade(long id, long receiveTime, Delivery backfill) {
        if (lastTradeId != FrameScanner.ABSENT) {
            if (id <= lastTradeId) {
                status.onDuplicate();
                return false;
            }
            if (id > lastTradeId + 1) {
                long from = lastTradeId + 1;
                fill("trade ids " + from + " to " + (id - 1), id - from,
                        () -> filler.trades(key.symbol(), from, id - 1), receiveTime, backfill);
            }
        }
        lastTradeId = id;
        return true;
    }

    private boolean admitKline(SequenceFields event, long receiveTime, Delivery backfill) {
        long open = event.openTime;
        if (lastOpenTime != FrameScanner.ABSENT) {
            boolean stale = open < lastOpenTime
                    || open == lastOpenTime && (lastClosed || event.eventTime <= lastEventTime);
            if (stale) {
                status.onDuplicate();
                return false;
            }
            long from = lastClosed ? lastCloseTime + 1 : lastOpenTime;
            if (open > lastOpenTime && from < open) {
                long firstTradeId = firstTradeIdAfter();
                fill("klines opening from " + from + " before " + open, -1,
                        () -> filler.closedKlines(key.symbol(), key.interval(), from, open, firstTradeId),
                        receiveTime, backfill);
            }
        }
        lastOpenTime = open;
        lastEventTime = event.eventTime;
        lastCloseTime = event.closeTime;
        lastClosed = event.closed;
        if (event.firstTradeId >= 0 && event.lastTradeId >= 0) {
            lastFirstTradeId = event.firstTradeId;
            lastLastTradeId = event.lastTradeId;
        }
        return true;
    }

    /** First trade id of the first candle a fill returns: the open candle's own, or the one after the closed one. */
    private long firstTradeIdAfter() {
        if (lastFirstTradeId == FrameScanner.ABSENT) {
            return -1;
        }
        return lastClosed ? lastLastTradeId + 1 : lastFirstTradeId;
    }

    private void fill(String gap, long expected, Supplier<List<String>> fetch, long receiveTime,
                      Delivery delivery) {
        GapFetch.Outcome outcome = gapFetch.fetch(gap, fetch);
        if (!outcome.fetched()) {
            unfilled(gap, outcome.whyNotFetched(), outcome.failure());
            return;
        }
        List<String> frames = outcome.events();
        if (expected >= 0 && frames.size() != expected) {
            unfilled(gap, "the exchange returned " + frames.size() + " of " + expected + " trades", null);
            return;
        }
        for (String frame : frames) {
            delivery.deliver(frame, true, receiveTime);
            status.onBackfilled();
        }
        if (outcome.attempts() > 1) {
            LOG.info("Stream {}: gap of {} filled ({} events) at attempt {}, {} ms after the first failed", key.id(),
                    gap, frames.size(), outcome.attempts(), TimeUnit.NANOSECONDS.toMillis(outcome.nanos()));
        } else if (!frames.isEmpty()) {
            LOG.info("Stream {}: gap of {} filled ({} events)", key.id(), gap, frames.size());
        }
    }

    /**
     * A gap stays unfilled: counted, logged with its cause, and the checkpoint held at the position before it (the
     * first such gap's), so that a restart fetches it again. The stream goes on from the frame after the gap.
     */
    private void unfilled(String gap, String why, Throwable cause) {
        status.onGapUnfilled();
        if (checkpoints == null) {
            LOG.error("Stream {}: gap of {} NOT filled: {}", key.id(), gap, why, cause);
            return;
        }
        if (heldAt == null) {
            heldAt = position();
        }
        String checkpoint = held != null ? "its checkpoint was already held (" + held + ")"
                : "its checkpoint stays at '" + heldAt + "', before the gap, for the rest of this run, so that a "
                        + "restart fetches the gap again";
        LOG.error("Stream {}: gap of {} NOT filled: {}; {}", key.id(), gap, why, checkpoint, cause);
    }
}
