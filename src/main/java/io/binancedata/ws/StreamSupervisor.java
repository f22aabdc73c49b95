package io.binancedata.ws;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamState;

/**
 * The watchdog and rotation clock of every open stream connection, ticked by the timer route
 * {@code binance-supervisor} (routes/supervisor.yaml).
 * <ul>
 * <li>A connection with no frame and no server ping for {@code silence} is STALLED and reconnected; kline streams,
 * which update every 1-2 s, also when no frame came for {@code klineSilence}.</li>
 * <li>A connection older than the rotation interval plus its stagger (a fixed share of up to a tenth of the
 * interval, at most 10 minutes, derived from the stream id) is rotated make-before-break.</li>
 * </ul>
 */
public final class StreamSupervisor {
    private static final long MAX_STAGGER_NANOS = Duration.ofMinutes(10).toNanos();

    private final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();
    private final long rotationNanos;
    private final long silenceNanos;
    private final long klineSilenceNanos;

    public StreamSupervisor(Duration rotationInterval, Duration silence, Duration klineSilence) {
        this.rotationNanos = rotationInterval.toNanos();
        this.silenceNanos = silence.toNanos();
        this.klineSilenceNanos = klineSilence.toNanos();
    }

    void watch(StreamConnection connection) {
        connections.add(connection);
    }

    void forget(StreamConnection connection) {
        connections.remove(connection);
    }

    /** One check of every connection; called once a second. */
    public void tick() {
        long now = System.nanoTime();
        for (StreamConnection connection : connections) {
            check(connection, now);
        }
    }

    private void check(StreamConnection connection, long now) {
        long opened = connection.connectedAtNanos();
        long active = connection.lastActivityNanos();
        if (opened < 0 || active < 0 || connection.status().state() != StreamState.STREAMING) {
            return;
        }
        long allowed = connection.status().key().kind() == StreamKind.KLINE ? klineSilenceNanos : silenceNanos;
        long lastFrame = Math.max(connection.lastFrameNanos(), opened);
        long quiet = connection.status().key().kind() == StreamKind.KLINE ? now - lastFrame : now - active;
        if (quiet > allowed) {
            String cause = "stalled: no " + (connection.status().key().kind() == StreamKind.KLINE ? "frame" : "frame or ping")
                    + " for " + Duration.ofNanos(quiet).toMillis() + " ms";
            connection.status().transition(StreamState.STALLED, cause);
            connection.reconnect(cause);
            return;
        }
        if (now - opened > rotationNanos + stagger(connection)) {
            connection.rotate("scheduled rotation");
        }
    }

    private long stagger(StreamConnection connection) {
        long span = Math.min(rotationNanos / 10, MAX_STAGGER_NANOS);
        return span == 0 ? 0 : Math.floorMod((long) connection.status().key().id().hashCode() * 2654435761L, span);
    }
}
