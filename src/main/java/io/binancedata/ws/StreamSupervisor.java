package io.binancedata.ws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog and rotation clock of every open stream connection, ticked by the timer route
 * {@code binance-supervisor} (routes/supervisor.yaml).
 * <ul>
 * <li>A connection with no frame and no server ping for {@code silence} is STALLED and reconnected.</li>
 * <li>The client pings every connection every {@code clientPing}; one whose pong has not come back within
 * {@code pongDeadline}, with no data frame read meanwhile, is dead without having closed: STALLED and
 * reconnected.</li>
 * <li>A stream without a data frame for {@code dataSilence} (pings do not count) is probed
 * ({@link DataStallProbes}): when the exchange has a newer trade than a trade stream delivered, or a kline stream got
 * no update although the symbol traded since an earlier probe (Binance sends a kline update only when the candle
 * changes: an illiquid symbol's kline stream is quiet for minutes), the stream is STALLED and its connection replaced
 * make-before-break; the sequence guard fills the gap at the first live event.</li>
 * <li>A stream whose route has been on one batch for longer than {@code silence} (a sink or processor that blocks)
 * is STALLED, with a WARN showing where its drain thread is; its connection is left alone (the socket only waits for
 * the route), and the stream is STREAMING again once the route moves on.</li>
 * <li>A connection older than the rotation interval plus its stagger (a fixed share of up to a tenth of the
 * interval, at most 10 minutes, derived from the stream id) is rotated make-before-break.</li>
 * <li>Shared connections: each tick lets the {@link CombinedPool} rotate those older than the rotation interval (plus
 * their stagger) and move rotations under way on.</li>
 * </ul>
 */
public final class StreamSupervisor {
    private static final long MAX_STAGGER_NANOS = Duration.ofMinutes(10).toNanos();

    private static final Logger LOG = LoggerFactory.getLogger(StreamSupervisor.class);
    private static final int SHOWN_FRAMES = 12;

    private final Map<StreamConnection, DataStallProbes.Probe> connections = new ConcurrentHashMap<>();
    /** Each watched stream's route progress, and whether it was reported stuck. */
    private final Map<StreamConnection, RouteWatch> routes = new ConcurrentHashMap<>();
    /** The streams on shared connections (whose connections ping and answer for themselves). */
    private final Map<StreamStatus, SharedWatch> sharedStreams = new ConcurrentHashMap<>();
    private final DataStallProbes probes;
    /** The component's shared connections, when streams share them; they rotate on this clock too. */
    private volatile CombinedPool pool;
    private final long rotationNanos;
    private final long silenceNanos;
    private final long clientPingNanos;
    private final long pongDeadlineNanos;

    public StreamSupervisor(WatchdogSettings settings, DataStallProbes probes) {
        this.probes = probes;
        this.rotationNanos = settings.rotationInterval().toNanos();
        this.silenceNanos = settings.silence().toNanos();
        this.clientPingNanos = settings.clientPing().toNanos();
        this.pongDeadlineNanos = settings.pongDeadline().toNanos();
    }

    /** Watches a stream's connection; a trade stream's {@code position} is what its data-stall probes compare. */
    void watch(StreamConnection connection, DeliveredPosition position, FrameInbox inbox) {
        connections.put(connection, probes.probe(connection, position));
        routes.put(connection, new RouteWatch(inbox));
    }

    void forget(StreamConnection connection) {
        connections.remove(connection);
        routes.remove(connection);
    }

    /**
     * Watches a stream on a shared connection of the {@link #watchPool pool}: a route that blocks is reported as for
     * any stream; a stream whose data-stall probe finds a trade it did not deliver is STALLED and its connection
     * replaced make-before-break (the pool's rotation; a trade stream fetches the trades it missed at once, a kline
     * stream's guard fills its gap at its first frame on the new connection). Kline streams are probed too (see the class comment). The shared connection's reconnects, pings and answers are its own.
     */
    void watchShared(StreamStatus status, String stream, FrameInbox inbox, DeliveredPosition position) {
        CombinedPool shared = pool;
        ProbedStream probed = shared == null ? null : shared.probed(stream, status);
        DataStallProbes.Probe probe = probed == null ? null : probes.probe(probed, position);
        sharedStreams.put(status, new SharedWatch(stream, new RouteWatch(inbox), probed, probe));
    }

    void forgetShared(StreamStatus status) {
        sharedStreams.remove(status);
    }

    /** A stream on a shared connection: its route, what its probes read, and whether this supervisor stalled it. */
    private static final class SharedWatch {
        final String stream;
        final RouteWatch route;
        final ProbedStream probed;
        final DataStallProbes.Probe probe;
        /** Supervisor thread only: STALLED by a check below, its connection's replacement asked for. */
        boolean stalled;

        SharedWatch(String stream, RouteWatch route, ProbedStream probed, DataStallProbes.Probe probe) {
            this.stream = stream;
            this.route = route;
            this.probed = probed;
            this.probe = probe;
        }
    }

    /** Rotates the shared connections of {@code pool} (null: none) on this clock. */
    void watchPool(CombinedPool pool) {
        this.pool = pool;
    }

    /** A stream's inbox, and whether its route is reported stuck now (supervisor thread only). */
    private static final class RouteWatch {
        final FrameInbox inbox;
        boolean stuck;
        /** Ticks in a row that found the socket paused with nothing waiting for the route. */
        int orphanedPauses;

        RouteWatch(FrameInbox inbox) {
            this.inbox = inbox;
        }
    }

    /** One check of every connection; called once a second. */
    public void tick() {
        long now = System.nanoTime();
        connections.forEach((connection, probe) -> check(connection, probe, now));
        CombinedPool shared = pool;
        sharedStreams.forEach((status, watch) -> checkShared(shared, status, watch, now));
        if (shared != null) {
            shared.tick(now, rotationNanos);
        }
    }

    private void checkShared(CombinedPool shared, StreamStatus status, SharedWatch watch, long now) {
        if (routeStuck(status, watch.route, now) || shared == null || watch.probed == null) {
            return;
        }
        if (watch.stalled) {
            if (status.state() != StreamState.STALLED) {
                watch.stalled = false; // moved to a new connection (or stopped, or lost and subscribed again)
            } else {
                shared.rotateCarrier(watch.stream, "still stalled"); // once the rotation under way has ended
            }
            return;
        }
        if (status.state() != StreamState.STREAMING || watch.probed.connectedAtNanos() < 0) {
            return;
        }
        String cause = probes.check(watch.probe, now);
        if (cause != null) {
            status.onDataStall();
            watch.stalled = true;
            status.transition(StreamState.STALLED, cause);
            shared.rotateCarrier(watch.stream, cause);
        }
    }

    private void check(StreamConnection connection, DataStallProbes.Probe probe, long now) {
        RouteWatch route = routes.get(connection);
        if (route != null && routeStuck(connection.status(), route, now)) {
            return; // its socket waits for the route: neither silence nor a missing pong says anything of the exchange
        }
        if (route != null) {
            readOrphanedPause(connection, route);
        }
        StreamStatus status = connection.status();
        long opened = connection.connectedAtNanos();
        long active = connection.lastActivityNanos();
        if (opened < 0 || active < 0 || status.state() != StreamState.STREAMING) {
            return;
        }
        long quiet = now - active;
        if (quiet > silenceNanos) {
            stalled(connection, "stalled: no frame or ping for " + Duration.ofNanos(quiet).toMillis() + " ms");
            return;
        }
        long awaitingPong = connection.heartbeat(now, clientPingNanos);
        if (awaitingPong > pongDeadlineNanos) {
            stalled(connection, "stalled: no pong to the client's ping for " + Duration.ofNanos(awaitingPong).toMillis()
                    + " ms");
            return;
        }
        String dataStall = probes.check(probe, now);
        if (dataStall != null) {
            status.onDataStall();
            status.transition(StreamState.STALLED, dataStall);
            connection.replaceStalled(dataStall);
            return;
        }
        if (now - opened > rotationNanos + stagger(connection)) {
            connection.rotate("scheduled rotation");
        }
    }

    /**
     * A route on one batch for longer than {@code silence} (a sink or processor that blocks, a retry or backfill that
     * does not end) leaves its stream silent with a healthy connection: STALLED, with a WARN showing where the drain
     * thread is; STREAMING again, logged, once the route moves on. Reconnecting would not help.
     *
     * @return whether the route is stuck now
     */
    private boolean routeStuck(StreamStatus status, RouteWatch route, long now) {
        long busy = route.inbox.busyForNanos(now);
        if (busy > silenceNanos) {
            if (!route.stuck) {
                route.stuck = true;
                String cause = "route stuck: one batch in its route for " + Duration.ofNanos(busy).toMillis()
                        + " ms (a sink or processor that blocks?)";
                LOG.warn("Stream {}: {}; its drain thread is at:{}", status.key().id(), cause,
                        where(route.inbox.drainThread()));
                status.transition(StreamState.STALLED, cause);
            }
            return true;
        }
        if (route.stuck) {
            route.stuck = false;
            LOG.info("Stream {}: its route moves again", status.key().id());
            if (status.state() == StreamState.STALLED) {
                status.transition(StreamState.STREAMING, null);
            }
        }
        return false;
    }

    /**
     * A socket paused by back-pressure is read again when the route takes the frames waiting; one found paused on two
     * ticks in a row while no frame waits, no batch is being drained and the inbox holds no resume would never be: a
     * lost resume. It is read
     * again, with a WARN (this should not happen; the line is the evidence to find out why).
     */
    private static void readOrphanedPause(StreamConnection connection, RouteWatch route) {
        boolean orphaned = connection.isPaused() && route.inbox.quiescent();
        route.orphanedPauses = orphaned ? route.orphanedPauses + 1 : 0;
        if (route.orphanedPauses >= 2) {
            route.orphanedPauses = 0;
            LOG.warn("Stream {}: its socket was paused with no frame waiting for the route; reading it again",
                    connection.status().key().id());
            connection.readAgain();
        }
    }

    private static String where(Thread thread) {
        if (thread == null) {
            return " (it has just finished)";
        }
        StringBuilder at = new StringBuilder();
        StackTraceElement[] frames = thread.getStackTrace();
        for (int i = 0; i < Math.min(SHOWN_FRAMES, frames.length); i++) {
            at.append("\n\tat ").append(frames[i]);
        }
        return (at.length() == 0 ? " " + thread.getName() : "\n\t" + thread.getName() + " " + thread.getState())
                + at;
    }

    private static void stalled(StreamConnection connection, String cause) {
        connection.status().transition(StreamState.STALLED, cause);
        connection.reconnect(cause);
    }

    private long stagger(StreamConnection connection) {
        return stagger(connection.status().key().id(), rotationNanos);
    }

    /**
     * A connection's fixed share, derived from {@code name}, of up to a tenth of the rotation interval (at most 10
     * minutes), so that connections do not all rotate together: a stream's own and a shared one alike.
     */
    static long stagger(String name, long rotationNanos) {
        long span = Math.min(rotationNanos / 10, MAX_STAGGER_NANOS);
        return span == 0 ? 0 : Math.floorMod((long) name.hashCode() * 2654435761L, span);
    }
}
