package io.binancedata.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.binancedata.codec.EventTimes;
import io.binancedata.codec.SbeFraming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one model of a stream's health: its state, counters and lag and delivery histograms. Written by the stream's
 * connection and route, read by the Java API, the control route, JMX and the metrics (at scrape time; none keeps a
 * copy). Counter updates are lock-free and allocation-free; reads are a consistent-enough snapshot.
 */
public final class StreamStatus {
    private static final Logger LOG = LoggerFactory.getLogger(StreamStatus.class);

    private final StreamKey key;
    private final AtomicReference<StreamState> state = new AtomicReference<>(StreamState.CONNECTING);
    private volatile long stateSinceMillis = System.currentTimeMillis();
    private volatile String lastError;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong backfilled = new AtomicLong();
    private final AtomicLong gapsUnfilled = new AtomicLong();
    private final AtomicLong gapRetries = new AtomicLong();
    /** When the stream began waiting for a gap to be fetched (epoch ms); -1 when it waits for none. */
    private volatile long gapWaitingSinceMillis = -1;
    private final AtomicLong deliveryFailed = new AtomicLong();
    private final AtomicLong stallProbes = new AtomicLong();
    private final AtomicLong dataStalls = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong spillFull = new AtomicLong();
    private volatile String sinkFailure;
    private volatile long lastEventTimeMicros = -1;
    private volatile long lastReceiveTimeMicros = -1;
    private final LagHistogram lag = new LagHistogram();
    /** The drain's: lags of the batch being counted ({@link #onMessages}). */
    private final LagHistogram.Batch lagBatch = lag.batch();
    private final LagHistogram delivery = new LagHistogram(LagHistogram.DELIVERY_BOUNDS_MICROS);
    /** The drain's: delivery times of the batch being counted. */
    private final LagHistogram.Batch deliveryBatch = delivery.batch();

    public StreamStatus(StreamKey key) {
        this.key = key;
    }

    public StreamKey key() {
        return key;
    }

    public StreamState state() {
        return state.get();
    }

    public long stateSinceMillis() {
        return stateSinceMillis;
    }

    /** The cause of the last connection loss or failure, or {@code null}. */
    public String lastError() {
        return lastError;
    }

    /** Moves to a new state and logs the change once at INFO (WARN for trouble). */
    public void transition(StreamState next, String cause) {
        StreamState previous = state.getAndSet(next);
        if (cause != null) {
            lastError = cause;
        }
        if (previous != next) {
            stateSinceMillis = System.currentTimeMillis();
            if (next == StreamState.FAILED || next == StreamState.RECONNECTING || next == StreamState.STALLED) {
                LOG.warn("Stream {}: {} -> {}{}", key.id(), previous, next, cause == null ? "" : " (" + cause + ")");
            } else {
                LOG.info("Stream {}: {} -> {}", key.id(), previous, next);
            }
        }
    }

    /**
     * One message reached the sinks.
     *
     * @param eventTimeMicros its event time, or {@link EventTimes#NULL} when it has none (backfilled): then it is
     *                        counted, but neither the last event time nor the lag moves
     */
    public void onMessage(int length, long eventTimeMicros, long receiveTimeMicros) {
        messages.incrementAndGet();
        bytes.addAndGet(length);
        if (!EventTimes.isNull(eventTimeMicros)) {
            lastReceiveTimeMicros = receiveTimeMicros;
            lastEventTimeMicros = eventTimeMicros;
            lag.record(receiveTimeMicros - eventTimeMicros);
        }
    }

    /**
     * Every message of a batch reached the sinks at {@code deliveredMicros} (epoch µs, the clock of the receive
     * times): {@link #onMessage} for each, published once for the batch (one atomic update per counter instead of
     * several per message), and each message's delivery time, {@code deliveredMicros} minus its receive time. Called
     * by the stream's drain, one batch at a time.
     */
    public void onMessages(EventBatch events, long deliveredMicros) {
        int n = events.count();
        if (n == 0) {
            return;
        }
        boolean timed = false;
        long eventTime = 0;
        long receiveTime = 0;
        for (int i = 0; i < n; i++) {
            long received = events.receiveTimeMicros(i);
            deliveryBatch.add(deliveredMicros - received);
            long event = events.eventTimeMicros(i);
            if (!EventTimes.isNull(event)) {
                timed = true;
                eventTime = event;
                receiveTime = received;
                lagBatch.add(receiveTime - eventTime);
            }
        }
        messages.addAndGet(n);
        bytes.addAndGet(events.length() - (long) n * SbeFraming.HEADER_LENGTH);
        delivery.record(deliveryBatch);
        if (timed) {
            lastReceiveTimeMicros = receiveTime;
            lastEventTimeMicros = eventTime;
            lag.record(lagBatch);
        }
    }

    /** A batch of {@code frames} was refused by a sink (they went to the dead letter): the stream is unhealthy. */
    public void onDeliveryFailed(int frames, String reason) {
        deliveryFailed.addAndGet(frames);
        sinkFailure = reason;
    }

    /** A batch reached every sink: a sink failure reported before is over. */
    public void onBatchDelivered() {
        batches.incrementAndGet();
        if (sinkFailure != null) {
            sinkFailure = null;
            LOG.info("Stream {}: the sinks accept messages again", key.id());
        }
    }

    /** Why the last batch did not reach the sinks, or null when it did. */
    public String sinkFailure() {
        return sinkFailure;
    }

    /** Frames a sink refused (each one went to the dead letter). */
    public long deliveryFailed() {
        return deliveryFailed.get();
    }

    public void onDeadLetter() {
        deadLettered.incrementAndGet();
    }

    /** {@code frames} frames went to the dead-letter sink at once (a batch a sink refused). */
    public void onDeadLetters(int frames) {
        deadLettered.addAndGet(frames);
    }

    public void onReconnect() {
        reconnects.incrementAndGet();
    }

    public void onPing() {
        pings.incrementAndGet();
    }

    public void onRotation() {
        rotations.incrementAndGet();
    }

    /** A frame already delivered (seen again on an overlapping connection) was dropped. */
    public void onDuplicate() {
        duplicates.incrementAndGet();
    }

    /** An event missed by the live stream was fetched over REST and delivered. */
    public void onBackfilled() {
        backfilled.incrementAndGet();
    }

    /** A gap could not be filled (exchange unavailable, rate limited, backfill disabled). */
    public void onGapUnfilled() {
        gapsUnfilled.incrementAndGet();
    }

    /** A gap whose fetch failed was fetched again (after a wait; {@code binance.backfill.retry-for}). */
    public void onGapRetry() {
        gapRetries.incrementAndGet();
    }

    /**
     * The stream waits for a gap to be fetched (its later frames held); the first call of a wait dates it. Called by
     * the stream's drain.
     */
    public void onGapWaiting() {
        if (gapWaitingSinceMillis < 0) {
            gapWaitingSinceMillis = System.currentTimeMillis();
        }
    }

    /** The gap the stream waited for was fetched or given up (or it waited for none). Called by the stream's drain. */
    public void onGapDone() {
        gapWaitingSinceMillis = -1;
    }

    /** When the stream began waiting for a gap to be fetched (epoch ms), -1 when it waits for none. */
    public long gapWaitingSince() {
        return gapWaitingSinceMillis;
    }

    /** The exchange was asked for its latest trade because the stream had no data frame for a while. */
    public void onStallProbe() {
        stallProbes.incrementAndGet();
    }

    /** The exchange had a newer trade than the silent stream delivered: the connection is replaced. */
    public void onDataStall() {
        dataStalls.incrementAndGet();
    }

    /** A frame read from the socket went to the stream's spill on disk: the route was behind its memory bound. */
    public void onSpilled() {
        spilled.incrementAndGet();
    }

    /** The stream's spill reached its bound on disk: the socket is read no further until the route catches up. */
    public void onSpillFull() {
        spillFull.incrementAndGet();
    }

    /** Frames that went through the spill on disk. */
    public long spilled() {
        return spilled.get();
    }

    /** Times the spill was full and the socket was not read. */
    public long spillFull() {
        return spillFull.get();
    }

    /** Data-stall probes sent ({@code GET /api/v3/trades?limit=1} after {@code binance.watchdog.data-silence}). */
    public long stallProbes() {
        return stallProbes.get();
    }

    /** Data stalls found: the connection lived but did not deliver trades the exchange had. */
    public long dataStalls() {
        return dataStalls.get();
    }

    public long rotations() {
        return rotations.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long backfilled() {
        return backfilled.get();
    }

    public long gapsUnfilled() {
        return gapsUnfilled.get();
    }

    /** Gap fetches made again after a failed one. */
    public long gapRetries() {
        return gapRetries.get();
    }

    public long messages() {
        return messages.get();
    }

    /**
     * Batches (exchanges) the sinks accepted: {@code messages / batches} is how many messages an exchange carried on
     * average — near 1 for a quiet stream, up to {@code binance.batch.max-messages} for a busy one.
     */
    public long batches() {
        return batches.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long pings() {
        return pings.get();
    }

    /** Event time in µs of the last delivered event that has one (backfilled ones have none), -1 before the first. */
    public long lastEventTimeMicros() {
        return lastEventTimeMicros;
    }

    /** Receive time minus event time of the last delivered event that has one in µs, -1 before the first. */
    public long lagMicros() {
        long e = lastEventTimeMicros;
        return e < 0 ? -1 : lastReceiveTimeMicros - e;
    }

    /** Receive time minus event time of every delivered event that has one, in fixed buckets. */
    public LagHistogram lagHistogram() {
        return lag;
    }

    /**
     * The moment every sink took it (written, sent, or spooled) minus receive time, of every event delivered in a
     * batch ({@link #onMessages}), in fixed buckets.
     */
    public LagHistogram deliveryHistogram() {
        return delivery;
    }

    /**
     * Names of the values in {@link #row()}, in order: the columns of every stream table (control route, HTTP
     * {@code GET /streams}, JMX {@code listStreams}). {@code id}, {@code stream}, {@code state} and {@code lastError}
     * are text, the others numbers (times in epoch milliseconds, event time and lag in microseconds).
     */
    public static final List<String> COLUMNS = List.of("id", "stream", "state", "stateSince", "stateMillis",
            "messages", "batches", "bytes", "lastEventTime", "lagMicros", "reconnects", "rotations", "stallProbes", "dataStalls",
            "backfilled", "duplicates", "gapsUnfilled", "gapRetries", "gapWaitingSince", "deadLettered", "deliveryFailed",
            "lastError");

    /** A snapshot of the status as named values in the order of {@link #COLUMNS} (lastError may be null). */
    public Map<String, Object> row() {
        long since = stateSinceMillis;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", key.id());
        row.put("stream", key.streamName());
        row.put("state", state().name());
        row.put("stateSince", since);
        row.put("stateMillis", Math.max(0, System.currentTimeMillis() - since));
        row.put("messages", messages());
        row.put("batches", batches());
        row.put("bytes", bytes());
        row.put("lastEventTime", lastEventTimeMicros());
        row.put("lagMicros", lagMicros());
        row.put("reconnects", reconnects());
        row.put("rotations", rotations());
        row.put("stallProbes", stallProbes());
        row.put("dataStalls", dataStalls());
        row.put("backfilled", backfilled());
        row.put("duplicates", duplicates());
        row.put("gapsUnfilled", gapsUnfilled());
        row.put("gapRetries", gapRetries());
        row.put("gapWaitingSince", gapWaitingSince());
        row.put("deadLettered", deadLettered());
        row.put("deliveryFailed", deliveryFailed());
        row.put("lastError", lastError());
        return row;
    }

    @Override
    public String toString() {
        return key.id() + " " + state.get() + " messages=" + messages.get() + " deadLettered=" + deadLettered.get()
                + " reconnects=" + reconnects.get();
    }
}
