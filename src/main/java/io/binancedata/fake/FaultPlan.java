package io.binancedata.fake;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults the fake exchange injects, changeable while it runs ({@link FakeExchange#faults()}); thread-safe.
 * Upgrade rejections apply to the next {@code attempts} upgrade requests. Frame faults are fixed for a
 * connection when it opens and apply to the next {@code connections} connections (every connection when not
 * given). Frame counts are data frames sent on that connection (injected frames excluded). REST faults apply to the
 * next {@code calls} REST requests, whatever their path unless one is given.
 */
public final class FaultPlan {
    /** A frame that is not JSON: a trade event cut short. */
    public static final String DEFAULT_MALFORMED_FRAME = "{\"e\":\"trade\",\"E\":";
    /** A fault count meaning: every connection. */
    public static final int EVERY_CONNECTION = Integer.MAX_VALUE;

    private int rejectionsLeft;
    private UpgradeRejection rejection;
    private int subscribeRefusalsLeft;
    private int lateFramesAfterUnsubscribeLeft;
    private FrameFault reset = FrameFault.NONE;
    private FrameFault stall = FrameFault.NONE;
    private FrameFault malformed = FrameFault.NONE;
    private FrameFault shutdown = FrameFault.NONE;
    private FrameFault unresponsive = FrameFault.NONE;
    private boolean stallKeepsPinging;
    private String malformedFrame = DEFAULT_MALFORMED_FRAME;
    private int restRejectionsLeft;
    private RestRejection restRejection;
    /** The path REST rejections apply to; null: every path. */
    private String restRejectionPath;
    private int restDelaysLeft;
    private Duration restDelay;
    /** The path REST delays apply to; null: every path. */
    private String restDelayPath;

    /**
     * Refuses the next {@code requests} SUBSCRIBE requests, whichever connection sends them, with an error answer
     * (code 2, as Binance refuses a request with a name it does not take), nothing of them subscribed.
     */
    public synchronized FaultPlan refuseSubscribes(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        this.subscribeRefusalsLeft = requests;
        return this;
    }

    /**
     * Follows the answer to each of the next {@code requests} UNSUBSCRIBE requests with one more frame of each stream
     * it removed, as an exchange whose data was already on its way when it took the request may (Binance does not
     * say it cannot).
     */
    public synchronized FaultPlan sendFrameAfterUnsubscribeAnswers(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        this.lateFramesAfterUnsubscribeLeft = requests;
        return this;
    }

    /** Answers the next {@code attempts} WebSocket upgrades with HTTP {@code status} (e.g. 429, 503) instead. */
    public FaultPlan rejectUpgrades(int attempts, int status) {
        return rejectUpgrades(attempts, status, null);
    }

    /** As {@link #rejectUpgrades(int, int)}, with a {@code Retry-After} header (whole seconds) when not null. */
    public synchronized FaultPlan rejectUpgrades(int attempts, int status, Duration retryAfter) {
        this.rejectionsLeft = attempts;
        this.rejection = new UpgradeRejection(status, retryAfter);
        return this;
    }

    /** Drops every connection abruptly (TCP close, no close frame) after it has been sent {@code frames} frames. */
    public FaultPlan resetAfterFrames(int frames) {
        return resetAfterFrames(frames, EVERY_CONNECTION);
    }

    /** As {@link #resetAfterFrames(int)}, for the next {@code connections} connections only. */
    public synchronized FaultPlan resetAfterFrames(int frames, int connections) {
        this.reset = new FrameFault(frames, connections);
        return this;
    }

    /** After every {@code frames}-th frame, sends {@link #DEFAULT_MALFORMED_FRAME}, on every connection. */
    public FaultPlan injectMalformedEvery(int frames) {
        return injectMalformedEvery(frames, DEFAULT_MALFORMED_FRAME);
    }

    /** After every {@code frames}-th frame, sends {@code frame} verbatim, on every connection. */
    public synchronized FaultPlan injectMalformedEvery(int frames, String frame) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be at least 1");
        }
        this.malformed = new FrameFault(frames, EVERY_CONNECTION);
        this.malformedFrame = Objects.requireNonNull(frame, "frame");
        return this;
    }

    /**
     * Goes silent after {@code frames} frames (0: silent from the start) on every connection, keeping the socket
     * open; with {@code keepPinging} the server still pings, otherwise it stops that too.
     */
    public FaultPlan stallAfterFrames(int frames, boolean keepPinging) {
        return stallAfterFrames(frames, keepPinging, EVERY_CONNECTION);
    }

    /** As {@link #stallAfterFrames(int, boolean)}, for the next {@code connections} connections only. */
    public synchronized FaultPlan stallAfterFrames(int frames, boolean keepPinging, int connections) {
        this.stall = new FrameFault(frames, connections);
        this.stallKeepsPinging = keepPinging;
        return this;
    }

    /**
     * A silent subscription, pings continue: after {@code frames} data frames the next {@code connections}
     * connections send no more data frames, while the server keeps pinging (and the client's pongs and pings are
     * answered) and the market keeps trading — REST ({@code /api/v3/trades}, {@code historicalTrades}) serves the
     * trades the connection no longer sends. What Binance users report as "connected, no data".
     */
    public FaultPlan silentSubscriptionAfterFrames(int frames, int connections) {
        return stallAfterFrames(frames, true, connections);
    }

    /**
     * An unresponsive peer: after {@code frames} data frames the next {@code connections} connections stop sending
     * (no data, no pings) and stop reading — a client's pings get no pong — while the TCP connection stays open and
     * no close frame is sent: a connection that died without closing.
     */
    public synchronized FaultPlan unresponsiveAfterFrames(int frames, int connections) {
        this.unresponsive = new FrameFault(frames, connections);
        return this;
    }

    /**
     * After {@code frames} frames, sends {@code {"e":"serverShutdown","E":<now>}} (wrapped as stream
     * {@code !serverShutdown} on combined connections) and then stays silent, still pinging, for the next
     * {@code connections} connections.
     */
    public synchronized FaultPlan serverShutdownAfterFrames(int frames, int connections) {
        this.shutdown = new FrameFault(frames, connections);
        return this;
    }

    /**
     * Answers the next {@code calls} REST requests with HTTP {@code status} (429: too many requests, 418: IP banned)
     * and a Binance error body {@code {"code":-1003,"msg":...}}, with a {@code Retry-After} header (whole seconds)
     * when {@code retryAfter} is not null. Rejected requests add no weight.
     */
    public FaultPlan rejectRest(int calls, int status, Duration retryAfter) {
        return rejectRest(null, calls, status, retryAfter);
    }

    /**
     * As {@link #rejectRest(int, int, Duration)}, for the next {@code calls} requests to {@code path} only (e.g.
     * {@code /api/v3/historicalTrades}: a backfill whose calls answer 503 while symbol look-ups and stall probes
     * are answered); null: every path. Any status: 5xx bodies are Binance's {@code -1001} internal error.
     */
    public synchronized FaultPlan rejectRest(String path, int calls, int status, Duration retryAfter) {
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative");
        }
        this.restRejectionsLeft = calls;
        this.restRejection = new RestRejection(status, retryAfter);
        this.restRejectionPath = path;
        return this;
    }

    /** Holds the answer to each of the next {@code calls} REST requests back for {@code delay}. */
    public FaultPlan delayRest(int calls, Duration delay) {
        return delayRest(null, calls, delay);
    }

    /**
     * As {@link #delayRest(int, Duration)}, for the next {@code calls} requests to {@code path} only; null: every
     * path. A delay beyond the client's timeout is a call that times out.
     */
    public synchronized FaultPlan delayRest(String path, int calls, Duration delay) {
        if (calls < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("calls and delay must not be negative");
        }
        this.restDelaysLeft = calls;
        this.restDelay = delay;
        this.restDelayPath = path;
        return this;
    }

    /** Removes every fault. */
    public synchronized FaultPlan clear() {
        rejectionsLeft = 0;
        subscribeRefusalsLeft = 0;
        lateFramesAfterUnsubscribeLeft = 0;
        rejection = null;
        reset = FrameFault.NONE;
        stall = FrameFault.NONE;
        malformed = FrameFault.NONE;
        shutdown = FrameFault.NONE;
        unresponsive = FrameFault.NONE;
        restRejectionsLeft = 0;
        restRejection = null;
        restRejectionPath = null;
        restDelaysLeft = 0;
        restDelay = null;
        restDelayPath = null;
        return this;
    }

    /** The rejection for this REST request to {@code path}, or {@code null} to answer it. */
    synchronized RestRejection nextRestRejection(String path) {
        if (restRejectionsLeft <= 0 || restRejectionPath != null && !restRejectionPath.equals(path)) {
            return null;
        }
        restRejectionsLeft--;
        return restRejection;
    }

    /** How long to hold this REST request's answer to {@code path} back; zero for no delay. */
    synchronized Duration nextRestDelay(String path) {
        if (restDelaysLeft <= 0 || restDelayPath != null && !restDelayPath.equals(path)) {
            return Duration.ZERO;
        }
        restDelaysLeft--;
        return restDelay;
    }

    /** Whether this SUBSCRIBE request is refused ({@link #refuseSubscribes}), using one refusal up. */
    synchronized boolean refusesNextSubscribe() {
        if (subscribeRefusalsLeft <= 0) {
            return false;
        }
        subscribeRefusalsLeft--;
        return true;
    }

    /** Whether this UNSUBSCRIBE's answer is followed by a late frame ({@link #sendFrameAfterUnsubscribeAnswers}). */
    synchronized boolean sendsFrameAfterNextUnsubscribeAnswer() {
        if (lateFramesAfterUnsubscribeLeft <= 0) {
            return false;
        }
        lateFramesAfterUnsubscribeLeft--;
        return true;
    }

    /** The rejection for this upgrade attempt, or {@code null} to accept it. */
    synchronized UpgradeRejection nextUpgradeRejection() {
        if (rejectionsLeft <= 0) {
            return null;
        }
        rejectionsLeft--;
        return rejection;
    }

    /** Fixes the frame faults of a connection that is opening, using up one connection of each limited fault. */
    synchronized ConnectionFaults onConnection() {
        int resetAfter = reset.take();
        int stallAfter = stall.take();
        int malformedEvery = malformed.take();
        int shutdownAfter = shutdown.take();
        int unresponsiveAfter = unresponsive.take();
        return new ConnectionFaults(resetAfter, malformedEvery, malformedFrame, stallAfter, stallKeepsPinging,
                shutdownAfter, unresponsiveAfter);
    }

    /** A rejected upgrade: the HTTP status and an optional {@code Retry-After}. */
    record UpgradeRejection(int status, Duration retryAfter) {
    }

    /** A rejected REST request: the HTTP status and an optional {@code Retry-After}. */
    record RestRejection(int status, Duration retryAfter) {
    }

    /** The frame faults of one connection; -1 = off. */
    record ConnectionFaults(int resetAfter, int malformedEvery, String malformedFrame, int stallAfter,
                            boolean keepPinging, int shutdownAfter, int unresponsiveAfter) {
        static final ConnectionFaults NONE = new ConnectionFaults(-1, -1, DEFAULT_MALFORMED_FRAME, -1, true, -1, -1);
    }

    /** A frame count that applies to a number of connections. */
    private static final class FrameFault {
        static final FrameFault NONE = new FrameFault(0, 0);
        private final int frames;
        private int connectionsLeft;

        FrameFault(int frames, int connections) {
            if (frames < 0 || connections < 0) {
                throw new IllegalArgumentException("frames and connections must not be negative");
            }
            this.frames = frames;
            this.connectionsLeft = connections;
        }

        int take() {
            if (connectionsLeft <= 0) {
                return -1;
            }
            if (connectionsLeft != EVERY_CONNECTION) {
                connectionsLeft--;
            }
            return frames;
        }
    }
}
