package io.binancedata.sequence;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * one that stays unfilled is counted, logged at ERROR, and kept with the position ({@link #position()}: {@code
 * unfilled <from>:<to>}): the position moves on past it as usual, and the next guard of the stream — the next start,
 * in this process or the next — fetches it again before its first event, its events delivered as backfilled, older
 * than those delivered since (nothing written twice, and the time the stream was down filled as usual). With a
 * {@link GapFetcher}, a gap is fetched on the fetcher's thread: {@link #admit} answers {@link Admission#WAIT} until
 * its outcome is ready, and the stream's drain brings the same frame back then.
 * A stream that stops before its gap is fetched ends before the gap: the frame and every later one are dropped and
 * the position stays before the gap, so that the next start (in this process or the next) fetches it and them again —
 * every trade written once.
 * <p>
 * Events are judged by their {@link SequenceFields}, which the stream's decoder reads as it decodes; a frame that
 * does not decode never reaches the guard (the pipeline dead-letters it). Used by one thread at a time (the stream's
 * drain), so it needs no synchronisation of its own.
 */
public final class SequenceGuard {
    /** What becomes of a live event. */
    public enum Admission {
        /** Deliver it (after the gap's events, if one was filled). */
        DELIVER,
        /** Drop it: a duplicate (counted), or the stream stopped before the gap in front of it was fetched. */
        DROP,
        /** Its gap is being fetched: hold it and every later frame, and bring it back when the stream is woken. */
        WAIT
    }

    /** Where frames go, in order. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(CharSequence frame, boolean backfilled, long receiveTimeMicros);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SequenceGuard.class);
    /** Unfilled gaps kept with a position; beyond it the oldest is forgotten (ERROR). */
    static final int MAX_UNFILLED = 20;
    private static final String UNFILLED = "unfilled";

    /**
     * A gap that stayed unfilled: trade ids {@code from} to {@code to}, or the klines opening from {@code from} before
     * {@code to}, the first of them with trades starting at trade id {@code firstTradeId}, and the candle opening at
     * {@code to} at {@code nextTradeId} (each -1: not known).
     */
    record UnfilledGap(long from, long to, long firstTradeId, long nextTradeId) {
        static UnfilledGap trades(long from, long to) {
            return new UnfilledGap(from, to, -1, -1);
        }

        String text(StreamKind kind) {
            return kind == StreamKind.TRADE ? from + ":" + to
                    : from + ":" + to + ":" + firstTradeId + ":" + nextTradeId;
        }

        String describe(StreamKind kind) {
            return kind == StreamKind.TRADE ? "trade ids " + from + " to " + to
                    : "klines opening from " + from + " before " + to;
        }

        static UnfilledGap parse(StreamKind kind, String text) {
            String[] parts = text.split(":");
            boolean trade = kind == StreamKind.TRADE;
            if (trade ? parts.length != 2 : parts.length != 3 && parts.length != 4) {
                throw new NumberFormatException("unexpected gap shape");
            }
            return new UnfilledGap(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    trade ? -1 : Long.parseLong(parts[2]), parts.length == 4 ? Long.parseLong(parts[3]) : -1);
        }
    }

    private final StreamKey key;
    private String checkpointId;
    /** The checkpoint line restored, until the first live event: one before it says the checkpoint is ahead. */
    private volatile String restoredFrom;
    private final StreamStatus status;
    private final GapFiller filler;
    private final GapFetch gapFetch;
    private long lastTradeId = FrameScanner.ABSENT;
    private long lastOpenTime = FrameScanner.ABSENT;
    private long lastEventTime = FrameScanner.ABSENT;
    private long lastCloseTime = FrameScanner.ABSENT;
    /**
     * The first trade id of the next candle a kline fill returns: the last event's own {@code f} when it is of an open
     * candle with trades, its {@code L + 1} when closed; kept over candles without trades ({@code f} and {@code L} are
     * -1 there) and moved past the candles a fill wrote. ABSENT before any candle with trades.
     */
    private long nextFirstTradeId = FrameScanner.ABSENT;
    private boolean lastClosed;
    private SequenceCheckpoints checkpoints;
    private long checkpointNanos;
    private long lastCheckpointNanos = System.nanoTime();
    private volatile String held;
    /** Gaps that stayed unfilled, oldest first, kept with the position (at most {@link #MAX_UNFILLED}). */
    private final List<UnfilledGap> unfilled = new ArrayList<>();
    /** {@link #unfilled} as the position's suffix, for {@link #position()} on any thread. */
    private volatile String unfilledText = "";
    /** Of {@link #unfilled}, those this guard has not tried yet: fetched before its next event is admitted. */
    private final Deque<UnfilledGap> toRetry = new ArrayDeque<>();
    /** The stream stopped before the gap in front of its next frame was fetched: later frames are dropped. */
    private volatile boolean endedBeforeGap;

    /** A guard for a fresh stream, without checkpoints, fetching gaps on the thread that admits. */
    public SequenceGuard(StreamStatus status, GapFiller filler) {
        this(status, filler, (GapFetcher) null);
    }

    /** A guard for a fresh stream, without checkpoints; {@code fetcher} null: gaps fetched on the admitting thread. */
    public SequenceGuard(StreamStatus status, GapFiller filler, GapFetcher fetcher) {
        this.key = status.key();
        this.status = status;
        this.filler = filler;
        this.gapFetch = new GapFetch(key.id(), status, filler, fetcher);
    }

    /**
     * A guard that continues where {@code previous} left off in this process or, when there is none, where the
     * checkpoint of an earlier run left off; it records its own position at most every {@code interval}.
     *
     * @param fetcher fetches the gaps on its own thread; null: on the thread that admits
     */
    public SequenceGuard(StreamStatus status, GapFiller filler, GapFetcher fetcher, SequenceGuard previous,
                         SequenceCheckpoints checkpoints, Duration interval) {
        this(status, filler, fetcher, previous, checkpoints, interval, status.key().id());
    }

    /**
     * As above, the position kept in {@code checkpoints} under {@code checkpointId} (the stream's id, or another name
     * for a run of the stream to other destinations: {@link SequenceGuards#PROCESSOR_SUFFIX}).
     */
    public SequenceGuard(StreamStatus status, GapFiller filler, GapFetcher fetcher, SequenceGuard previous,
                         SequenceCheckpoints checkpoints, Duration interval, String checkpointId) {
        this(status, filler, fetcher);
        this.checkpointId = checkpointId;
        this.checkpoints = checkpoints;
        this.checkpointNanos = interval.toNanos();
        if (previous != null) {
            copyFrom(previous);
            held = previous.held;
            setUnfilled(previous.unfilled);
        } else {
            checkpoints.load(checkpointId).ifPresent(this::restore);
        }
    }

    private void copyFrom(SequenceGuard previous) {
        lastTradeId = previous.lastTradeId;
        lastOpenTime = previous.lastOpenTime;
        lastEventTime = previous.lastEventTime;
        lastCloseTime = previous.lastCloseTime;
        nextFirstTradeId = previous.nextFirstTradeId;
        lastClosed = previous.lastClosed;
    }

    /**
     * The position as one line of text: {@code trade <id>} or {@code kline <open> <event> <close> <closed> <next f>}
     * (an earlier version's {@code ... <closed> <f> <L>} is read too), then the gaps that stayed unfilled, if any:
     * {@code unfilled <from>:<to> ...} (trade ids), {@code unfilled <from open>:<before open>:<first trade id>:<next
     * candle's first trade id> ...} (klines; an earlier form without the last is read too).
     */
    public String position() {
        String at = key.kind() == StreamKind.TRADE ? "trade " + lastTradeId
                : "kline " + lastOpenTime + " " + lastEventTime + " " + lastCloseTime + " " + lastClosed + " "
                        + nextFirstTradeId;
        return at + unfilledText;
    }

    private void setUnfilled(List<UnfilledGap> gaps) {
        unfilled.clear();
        unfilled.addAll(gaps.subList(Math.max(0, gaps.size() - MAX_UNFILLED), gaps.size())); // the newest
        toRetry.clear();
        toRetry.addAll(unfilled);
        unfilledChanged();
    }

    private void unfilledChanged() {
        StringBuilder text = new StringBuilder();
        for (UnfilledGap gap : unfilled) {
            text.append(text.isEmpty() ? " " + UNFILLED + " " : " ").append(gap.text(key.kind()));
        }
        unfilledText = text.toString();
    }

    private void restore(String line) {
        List<String> words = List.of(line.split(" "));
        int end = words.indexOf(UNFILLED);
        String[] parts = (end < 0 ? words : words.subList(0, end)).toArray(String[]::new);
        try {
            List<UnfilledGap> gaps = new ArrayList<>();
            for (String gap : end < 0 ? List.<String>of() : words.subList(end + 1, words.size())) {
                gaps.add(UnfilledGap.parse(key.kind(), gap));
            }
            if (key.kind() == StreamKind.TRADE && parts.length == 2 && "trade".equals(parts[0])) {
                lastTradeId = Long.parseLong(parts[1]);
            } else if (key.kind() == StreamKind.KLINE && (parts.length == 6 || parts.length == 7)
                    && "kline".equals(parts[0])) {
                lastOpenTime = Long.parseLong(parts[1]);
                lastEventTime = Long.parseLong(parts[2]);
                lastCloseTime = Long.parseLong(parts[3]);
                lastClosed = Boolean.parseBoolean(parts[4]);
                long f = Long.parseLong(parts[5]);
                // an earlier version's <f> <L>: of the last candle with trades (-1 or ABSENT: none seen)
                nextFirstTradeId = parts.length == 6 ? f : f < 0 ? FrameScanner.ABSENT
                        : lastClosed ? Long.parseLong(parts[6]) + 1 : f;
            } else {
                throw new NumberFormatException("unexpected shape");
            }
            setUnfilled(gaps);
            // one seeded in this process (a take-over's position) has frames before it by design: no WARN for it
            restoredFrom = checkpoints.fromEarlierRun(checkpointId) ? line : null;
            LOG.info("Stream {}: continuing from the checkpoint of an earlier run ({})", key.id(), line);
        } catch (NumberFormatException e) {
            LOG.warn("Stream {}: ignoring an unreadable checkpoint '{}'", key.id(), line);
        }
    }

    /**
     * Records the position now (when the stream stops), for the next write of the {@link SequenceCheckpoints}; call
     * only once everything this guard let through has reached the sinks, and while no frame is being delivered. Does
     * nothing once checkpoints are {@link #holdCheckpoints held}.
     */
    public void checkpoint() {
        if (checkpoints != null && held == null) {
            checkpoints.record(checkpointId, position());
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
     * The stream stops: a gap not yet being fetched — waiting for its turn, the REST budget or a retry — is not
     * fetched, and neither is any gap found from now on; the stream ends before such a gap (see the class comment).
     * A fetch under way is let finish. Any thread.
     */
    public void stopFills() {
        gapFetch.stop();
    }

    /** As {@link #resumeFills(Runnable)} without a wake-up: for a guard whose gaps are fetched on the admitting thread. */
    public void resumeFills() {
        resumeFills(() -> { });
    }

    /**
     * The stream starts (again): gaps are fetched again, from the position the guard reached.
     *
     * @param wakeUp run when a gap handed to the {@link GapFetcher} is ready (any thread): the stream's drain must then
     *               bring back the frame it was told to hold ({@link Admission#WAIT}), and the frames after it
     */
    public void resumeFills(Runnable wakeUp) {
        endedBeforeGap = false;
        gapFetch.resume(wakeUp);
    }

    /**
     * Decides on one live event by its sequence fields, and moves the position to it when it passes.
     *
     * @param backfill where the events of a gap before this one go first, in order (fetched over REST)
     */
    public Admission admit(SequenceFields event, long receiveTimeMicros, Delivery backfill) {
        if (endedBeforeGap) {
            return Admission.DROP;
        }
        Admission earlier = retryUnfilled(receiveTimeMicros, backfill);
        if (earlier != Admission.DELIVER) {
            return earlier;
        }
        return key.kind() == StreamKind.TRADE ? admitTrade(event.tradeId, receiveTimeMicros, backfill)
                : admitKline(event, receiveTimeMicros, backfill);
    }

    /**
     * The exchange has trades up to {@code latestTradeId} that the stream's connection did not deliver (a data-stall
     * probe found them): fetches those after the last one delivered over REST now, in order, instead of at the
     * stream's next live trade, which a quiet symbol may bring only much later. Nothing to do for a kline stream,
     * before the first trade (no position to fill from), or when they have been delivered meanwhile.
     *
     * @param receiveTimeMicros the receive time the fetched trades carry (when the missing trades were found)
     * @return {@link Admission#DELIVER} when done (filled, or given up as an unfilled gap: the position moves past it
     *         either way, as for a live trade); {@link Admission#WAIT} while the fetch runs: ask again once woken
     */
    public Admission catchUp(long latestTradeId, long receiveTimeMicros, Delivery backfill) {
        if (endedBeforeGap || key.kind() != StreamKind.TRADE || lastTradeId == FrameScanner.ABSENT
                || latestTradeId <= lastTradeId) {
            return Admission.DELIVER;
        }
        Admission gap = fill(UnfilledGap.trades(lastTradeId + 1, latestTradeId), false, receiveTimeMicros, backfill);
        if (gap == Admission.DELIVER) {
            lastTradeId = latestTradeId;
        }
        return gap;
    }

    /**
     * The first live event after a restored checkpoint comes before it: the checkpoint is not of this exchange's
     * stream (another {@code binance.ws-url}, e.g. the testnet's, or a copied data folder), and every event is
     * dropped as already delivered until the exchange passes it. Said once, at WARN.
     */
    private void checkpointAhead(String event) {
        if (restoredFrom != null) {
            LOG.warn("Stream {}: the exchange's first {} comes before this stream's checkpoint of an earlier run ({}):"
                    + " its events are dropped as already delivered (counted as duplicates) until the exchange passes"
                    + " it. A checkpoint of another exchange? Move the stream's line out of the checkpoints file to "
                    + "start afresh", key.id(), event, restoredFrom);
            restoredFrom = null;
        }
    }

    /** Id of the last trade delivered, {@link FrameScanner#ABSENT} before the first. */
    public long lastTradeId() {
        return lastTradeId;
    }

    private Admission admitTrade(long id, long receiveTime, Delivery backfill) {
        if (lastTradeId != FrameScanner.ABSENT) {
            if (id <= lastTradeId) {
                checkpointAhead("trade id " + id);
                status.onDuplicate();
                return Admission.DROP;
            }
            restoredFrom = null;
            if (id > lastTradeId + 1) {
                Admission gap = fill(UnfilledGap.trades(lastTradeId + 1, id - 1), false, receiveTime, backfill);
                if (gap != Admission.DELIVER) {
                    return gap;
                }
            }
        }
        lastTradeId = id;
        return Admission.DELIVER;
    }

    private Admission admitKline(SequenceFields event, long receiveTime, Delivery backfill) {
        long open = event.openTime;
        if (lastOpenTime != FrameScanner.ABSENT) {
            boolean stale = open < lastOpenTime
                    || open == lastOpenTime && (lastClosed || event.eventTime <= lastEventTime);
            if (stale) {
                if (open < lastOpenTime) {
                    checkpointAhead("candle opening at " + open);
                }
                status.onDuplicate();
                return Admission.DROP;
            }
            restoredFrom = null;
            long from = lastClosed ? lastCloseTime + 1 : lastOpenTime;
            if (open > lastOpenTime && from < open) {
                long next = event.firstTradeId >= 0 ? event.firstTradeId : -1; // the gap's trades end before it
                Admission gap = fill(new UnfilledGap(from, open, firstTradeIdAfter(), next), false, receiveTime,
                        backfill);
                if (gap != Admission.DELIVER) {
                    return gap;
                }
            }
        }
        lastOpenTime = open;
        lastEventTime = event.eventTime;
        lastCloseTime = event.closeTime;
        lastClosed = event.closed;
        if (event.firstTradeId >= 0 && event.lastTradeId >= 0) {
            nextFirstTradeId = event.closed ? event.lastTradeId + 1 : event.firstTradeId;
        }
        return Admission.DELIVER;
    }

    /** First trade id of the first candle a fill returns ({@link #nextFirstTradeId}), -1 when not known. */
    private long firstTradeIdAfter() {
        return nextFirstTradeId == FrameScanner.ABSENT ? -1 : nextFirstTradeId;
    }

    /**
     * Fetches the gaps left unfilled before this guard, oldest first, before its first event, each tried once (a
     * failure keeps it for the next start instead of holding the stream's live frames for retry-for):
     * {@link Admission#DELIVER} once each was filled or given up again; else as {@link #fill}. Nothing with backfill
     * off: they stay kept, untried, for a start with it on.
     */
    private Admission retryUnfilled(long receiveTime, Delivery delivery) {
        if (!filler.fills()) {
            toRetry.clear();
        }
        while (!toRetry.isEmpty()) {
            Admission gap = fill(toRetry.peekFirst(), true, receiveTime, delivery);
            if (gap != Admission.DELIVER) {
                return gap;
            }
            toRetry.removeFirst();
        }
        return Admission.DELIVER;
    }

    /**
     * Fills a gap: the one in front of the event being admitted, or ({@code earlier}) one an earlier guard left
     * unfilled. {@link Admission#DELIVER} when it was filled, or given up (the event then goes on after it);
     * {@link Admission#WAIT} while it is being fetched; {@link Admission#DROP} when the stream stopped before it was.
     */
    private Admission fill(UnfilledGap gap, boolean earlier, long receiveTime, Delivery delivery) {
        String described = gap.describe(key.kind());
        if (!filler.fills()) {
            unfilled(gap, earlier, "backfill is off (binance.backfill.enabled=false)", null);
            return Admission.DELIVER;
        }
        boolean trades = key.kind() == StreamKind.TRADE;
        GapFetch.Outcome outcome = gapFetch.fetch(described, trades
                ? () -> filler.trades(key.symbol(), gap.from(), gap.to())
                : () -> filler.closedKlines(key.symbol(), key.interval(), gap.from(), gap.to(), gap.firstTradeId(),
                        gap.nextTradeId()),
                earlier);
        if (outcome == null) {
            status.onGapWaiting();
            return Admission.WAIT;
        }
        status.onGapDone();
        if (outcome.stopped()) {
            endedBeforeGap = true;
            LOG.warn("Stream {}: stopping before its gap of {} was fetched ({}); it ends at '{}': the frames after the "
                    + "gap are left to the next start, which fetches them with the gap", key.id(), described,
                    outcome.whyNotFetched(), position());
            return Admission.DROP;
        }
        if (!outcome.fetched()) {
            unfilled(gap, earlier, outcome.whyNotFetched(), outcome.failure());
            return Admission.DELIVER;
        }
        List<String> frames = outcome.events();
        long expected = trades ? gap.to() - gap.from() + 1 : -1;
        if (expected >= 0 && frames.size() != expected) {
            unfilled(gap, earlier, "the exchange returned " + frames.size() + " of " + expected + " trades", null);
            return Admission.DELIVER;
        }
        for (String frame : frames) {
            delivery.deliver(frame, true, receiveTime);
            status.onBackfilled();
            if (!trades && !earlier) {
                long last = FrameScanner.longValue(frame, "L"); // a filled candle is closed; -1: it had no trades
                if (last >= 0) {
                    nextFirstTradeId = last + 1;
                }
            }
        }
        if (earlier) {
            unfilled.remove(gap);
            unfilledChanged();
            LOG.info("Stream {}: gap of {}, left unfilled before, filled now ({} events, written after the later ones "
                    + "already written)", key.id(), described, frames.size());
        } else if (outcome.attempts() > 1) {
            LOG.info("Stream {}: gap of {} filled ({} events) at attempt {}, {} ms after the first failed", key.id(),
                    described, frames.size(), outcome.attempts(), TimeUnit.NANOSECONDS.toMillis(outcome.nanos()));
        } else if (!frames.isEmpty()) {
            LOG.info("Stream {}: gap of {} filled ({} events)", key.id(), described, frames.size());
        }
        return Admission.DELIVER;
    }

    /**
     * A gap stays unfilled: counted, logged with its cause, and kept with the position (at most {@link #MAX_UNFILLED}
     * gaps, the oldest forgotten beyond), so that the next start fetches it again — unless no start would: without
     * checkpoints, or with backfill off. The stream goes on from the frame after the gap.
     */
    private void unfilled(UnfilledGap gap, boolean earlier, String why, Throwable cause) {
        status.onGapUnfilled();
        String described = gap.describe(key.kind());
        if (key.kind() == StreamKind.KLINE && !earlier) {
            // its candles may have had trades: the next candle's first trade id is unknown until a live candle with
            // trades tells it (a fill numbered from the id before this gap would give ids this gap's trades had)
            nextFirstTradeId = FrameScanner.ABSENT;
        }
        if (checkpoints == null || !filler.fills()) {
            LOG.error("Stream {}: gap of {} NOT filled: {}", key.id(), described, why, cause);
            return;
        }
        if (!unfilled.contains(gap)) {
            unfilled.add(gap);
            if (unfilled.size() > MAX_UNFILLED) {
                UnfilledGap forgotten = unfilled.remove(0);
                toRetry.remove(forgotten);
                LOG.error("Stream {}: more than {} gaps unfilled; the oldest, of {}, is forgotten: it will not be "
                        + "fetched again", key.id(), MAX_UNFILLED, forgotten.describe(key.kind()));
            }
            unfilledChanged();
        }
        String kept = held != null ? "its checkpoint was already held (" + held + ")"
                : "the gap is kept with its checkpoint and fetched again when the stream next starts";
        LOG.error("Stream {}: gap of {} NOT filled: {}; {}", key.id(), described, why, kept, cause);
    }
}
