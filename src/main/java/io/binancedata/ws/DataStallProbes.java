package io.binancedata.ws;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.binancedata.limits.HostGate;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestTrade;
import io.binancedata.sequence.FrameScanner;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds trade streams whose connection lives (pings come and are answered) but delivers no data: after
 * {@code binance.watchdog.data-silence} without a data frame, the exchange is asked for its latest trade
 * ({@code GET /api/v3/trades?limit=1}, weight {@value MarketDataClient#TRADES_WEIGHT}). A trade the connection should
 * have delivered but did not means the stream is stalled; a quiet symbol, whose latest trade is the one delivered, is
 * left alone.
 * <ul>
 * <li>A newer trade counts as missed only when the connection was certainly subscribed when it happened: it already
 * delivered a frame (trade ids follow each other in time), or an earlier probe on the same connection saw an older
 * latest trade. An older gap is not the connection's fault: the first probe of a connection has the stream fetch
 * it at once (a restart's downtime of a quiet symbol would otherwise wait for its next trade), without a stall.</li>
 * <li>A stall is confirmed at the supervisor's next look (at least half a second later), and only if still no data
 * came meanwhile: a trade the socket is just delivering does not count.</li>
 * <li>Nothing is judged while frames wait in the stream's inbox or the socket is paused by back-pressure: the stream
 * is busy, not silent.</li>
 * <li>At most one probe per stream is in flight, and a stream is probed at most once per data-silence. Probes are
 * sent one at a time by one thread ({@code binance-stall-probe}), evenly paced so that together they never use more
 * than half of the REST weight per minute (one every 60 s × 25 / half the budget: 1 s with the default 3000), only
 * while the minute's weight leaves that half to backfills, and never while the host is blocked after a 429/418:
 * when many streams are quiet at once they queue and are spread out.</li>
 * </ul>
 * Probe failures (exchange unavailable, rate limited) are logged once per stream and kind of failure, never taken for
 * a stall.
 */
public final class DataStallProbes {
    private static final Logger LOG = LoggerFactory.getLogger(DataStallProbes.class);
    /**
     * How long after a probe found a newer trade the stream must still be silent to be stalled: the supervisor's next
     * look (a second later) confirms it.
     */
    static final long CONFIRM_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MINUTE_MILLIS = 60_000;

    private final MarketDataClient client;
    private final HostGate gate;
    private final long silenceNanos;
    /** The weight probes may use of a minute's budget, and the pace that spreads it evenly over the minute. */
    private final int share;
    private final long spacingNanos;
    private final ThreadPoolExecutor executor;
    /** Probe thread only: when the last probe went out. */
    private long lastSentNanos;
    private boolean sentAny;

    /**
     * @param client      the REST client whose host (and so weight budget) the backfills share
     * @param gate        that host's gate, to leave the backfills half of the budget
     * @param dataSilence how long without a data frame before a trade stream is probed
     */
    public DataStallProbes(MarketDataClient client, HostGate gate, Duration dataSilence) {
        this.client = client;
        this.gate = gate;
        this.silenceNanos = dataSilence.toNanos();
        this.share = Math.max(MarketDataClient.TRADES_WEIGHT, gate.weightPerMinute() / 2);
        this.spacingNanos = TimeUnit.MILLISECONDS.toNanos(MINUTE_MILLIS) * MarketDataClient.TRADES_WEIGHT / share;
        // one probe at a time; the thread ends when idle, so nothing needs shutting down
        this.executor = DaemonThreads.idleEnding(1, DaemonThreads.numbered("binance-stall-probe"));
    }

    /** The probe state of one trade stream's delivery. */
    Probe probe(ProbedStream connection, DeliveredPosition position) {
        return new Probe(connection, position);
    }

    /**
     * One look at a streaming trade stream, by the supervisor (about once a second): confirms a stall a probe
     * suspected — and has the stream fetch the trades it missed, up to the one the probe found, at once — or starts a
     * probe when one is due.
     *
     * @return the cause of a confirmed stall (the caller marks the stream STALLED and replaces its connection), or null
     */
    String check(Probe probe, long now) {
        ProbedStream connection = probe.connection;
        long lastData = connection.lastDataNanos();
        if (lastData < 0 || connection.isPaused()) {
            probe.suspect = null;
            return null;
        }
        Suspect suspect = probe.suspect;
        if (suspect != null) {
            if (connection.connectedAtNanos() != suspect.session || lastData > suspect.probeStart) {
                probe.suspect = null; // data came after all
                return null;
            }
            if (now - suspect.foundAt < CONFIRM_NANOS) {
                return null;
            }
            probe.suspect = null;
            if (!probe.position.settled() || probe.position.lastTradeId() >= suspect.latest) {
                return null;
            }
            probe.position.catchUp(suspect.latest); // the missed trades now: a quiet symbol may not trade again soon
            return "data stall: the exchange has trade " + suspect.latest + ", the stream delivered up to "
                    + (suspect.delivered == FrameScanner.ABSENT ? "none" : Long.toString(suspect.delivered))
                    + "; no data frame for " + Duration.ofNanos(now - lastData).toMillis() + " ms";
        }
        boolean due = now - lastData >= silenceNanos && !probe.inFlight
                && (!probe.probed || now - probe.lastProbeNanos >= silenceNanos);
        if (due) {
            probe.inFlight = true;
            executor.execute(() -> run(probe));
        }
        return null;
    }

    /** One probe, on the probe thread. */
    private void run(Probe probe) {
        try {
            if (!awaitTurn() || !silent(probe, System.nanoTime())) {
                return;
            }
            long start = System.nanoTime();
            lastSentNanos = start;
            sentAny = true;
            long session = probe.connection.connectedAtNanos();
            probe.probed = true;
            probe.lastProbeNanos = start;
            StreamStatus status = probe.connection.status();
            status.onStallProbe();
            Optional<RestTrade> latest;
            try {
                latest = client.latestTrade(status.key().symbol());
            } catch (RuntimeException e) {
                failed(probe, e);
                return;
            }
            if (probe.failure != null) {
                LOG.info("Stream {}: data-stall probes answered again", status.key().id());
                probe.failure = null;
            }
            latest.ifPresent(trade -> judge(probe, trade.id(), start, session));
        } finally {
            probe.inFlight = false;
        }
    }

    /** Whether the stream still streams on a connection that brought no data for data-silence. */
    private boolean silent(Probe probe, long now) {
        ProbedStream connection = probe.connection;
        long lastData = connection.lastDataNanos();
        return connection.status().state() == StreamState.STREAMING && lastData >= 0 && !connection.isPaused()
                && now - lastData >= silenceNanos;
    }

    private void judge(Probe probe, long latest, long start, long session) {
        ProbedStream connection = probe.connection;
        if (connection.connectedAtNanos() != session || connection.lastDataNanos() > start
                || !probe.position.settled()) {
            return; // another connection, data came, or frames are on their way through the guard: not silent
        }
        long delivered = probe.position.lastTradeId();
        boolean subscribedBefore = delivered != FrameScanner.ABSENT && connection.lastFrameNanos() >= 0;
        long known = delivered;
        if (!subscribedBefore) {
            if (probe.baselineSession != session) {
                probe.baselineSession = session;
                probe.baselineTradeId = latest;
                LOG.debug("Stream {}: latest trade {} when probed first on this connection (delivered {})",
                        connection.status().key().id(), latest, delivered);
                if (delivered != FrameScanner.ABSENT && latest > delivered) {
                    // trades from before this connection the stream has not had (a restart's downtime, a reconnect's
                    // gap): not a stall, but a quiet symbol may not trade again for hours to reveal them: fetch now
                    LOG.info("Stream {}: the exchange has trades up to {} from before this connection, delivered up "
                            + "to {}; fetching them now rather than at the symbol's next trade",
                            connection.status().key().id(), latest, delivered);
                    probe.position.catchUp(latest);
                }
                return;
            }
            known = Math.max(delivered, probe.baselineTradeId);
        }
        LOG.debug("Stream {}: data-stall probe: latest trade {}, delivered {}", connection.status().key().id(), latest,
                delivered);
        if (latest > known) {
            probe.suspect = new Suspect(latest, delivered, start, session, System.nanoTime());
        }
    }

    private void failed(Probe probe, RuntimeException e) {
        String kind = e.getClass().getSimpleName();
        if (!kind.equals(probe.failure)) {
            probe.failure = kind;
            LOG.warn("Stream {}: data-stall probe failed ({}); the stream is not judged until a probe is answered",
                    probe.connection.status().key().id(), e.getMessage(), e);
        }
    }

    /**
     * Waits (on the probe thread) for the probes' pace, then until a probe leaves half of the minute's REST weight to
     * the backfills and the host is not blocked after a 429/418.
     *
     * @return false when interrupted
     */
    private boolean awaitTurn() {
        long wait;
        while (sentAny && (wait = lastSentNanos + spacingNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        while (true) {
            long nowMillis = gate.clock().millis();
            Optional<Instant> blocked = gate.blockedUntil();
            long waitMillis;
            if (blocked.isPresent()) {
                waitMillis = blocked.get().toEpochMilli() - nowMillis;
            } else if (gate.usedWeight() + MarketDataClient.TRADES_WEIGHT > share) {
                waitMillis = MINUTE_MILLIS - Math.floorMod(nowMillis, MINUTE_MILLIS);
            } else {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, waitMillis)));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
    }

    /** A newer trade a probe found, to be confirmed. */
    private record Suspect(long latest, long delivered, long probeStart, long session, long foundAt) {
    }

    /** The probe state of one trade stream's connection; shared by the supervisor's and the probe's threads. */
    static final class Probe {
        private final ProbedStream connection;
        private final DeliveredPosition position;
        private volatile boolean inFlight;
        private volatile boolean probed;
        private volatile long lastProbeNanos;
        private volatile Suspect suspect;
        /** Probe thread only: the connection an earlier probe saw, and the latest trade it saw then. */
        private long baselineSession = -1;
        private long baselineTradeId = FrameScanner.ABSENT;
        private String failure;

        private Probe(ProbedStream connection, DeliveredPosition position) {
            this.connection = connection;
            this.position = position;
        }
    }
}
