package io.binancedata.ws;

import java.net.URI;
import java.nio.CharBuffer;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.github.resilience4j.core.IntervalFunction;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised WebSocket connection to a Binance raw stream, on a Vert.x {@link WebSocketClient} (Netty): the
 * socket is read on one of the client's event loops, which hands each message's UTF-8 bytes to this class; they are
 * decoded into re-used arrays ({@link TextMessageDecoder}), so a message costs no allocation here.
 * <ul>
 * <li>Messages reach the {@link FrameHandler} one at a time, in arrival order, under one delivery lock; reading goes
 * on while the handler says it has room, and is paused until it runs the resume callback when it has none:
 * back-pressure instead of an unbounded queue, without blocking the reading thread.</li>
 * <li>Server pings are answered by Vert.x (even while reading is paused) and count as liveness
 * ({@link #lastActivityNanos()}).</li>
 * <li>The client pings the server itself ({@link #heartbeat}) and reports how long a pong has been awaited; while
 * the connection is not read (back-pressure) a pong cannot arrive, so the wait restarts when reading resumes.</li>
 * <li>Any loss (close frame, reset, error, failed handshake) schedules a new attempt with exponential backoff and
 * jitter (Resilience4j {@link IntervalFunction}); after the configured attempts the stream is FAILED and retried at
 * the slow cool-down cadence, never given up.</li>
 * <li>{@link #rotate(String)} is make-before-break: a second connection is opened and takes over when its first
 * frame arrives; only then is the old one closed. Frames seen on both are removed downstream by sequence.
 * {@link #replaceStalled(String)} replaces a connection that delivers no data: the second one takes over as soon as
 * it is open.</li>
 * <li>Every attempt first asks the process-wide {@link AttemptGate}.</li>
 * <li>{@link #close()} really closes the socket.</li>
 * </ul>
 */
public final class StreamConnection implements AutoCloseable, ProbedStream {
    /** Receives each complete text frame with the time this process read it; called under the delivery lock. */
    @FunctionalInterface
    public interface FrameHandler {
        /**
         * @param frame  valid only during the call: copy what is kept
         * @param resume to run (once) when the connection may read again, if this returns false
         * @return true to read the next frame now, false to wait for {@code resume} (back-pressure)
         */
        boolean onFrame(CharSequence frame, long receiveTimeMicros, Runnable resume);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);
    /**
     * The largest message taken, in bytes: a trade is about 200, a kline about 500. A larger one fails the connection
     * (a new one backfills what it would have carried) rather than growing the reader's buffers without bound.
     */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final WebSocketClient client;
    private final URI uri;
    private final ConnectionSettings settings;
    private final ScheduledExecutorService scheduler;
    private final StreamStatus status;
    private final FrameHandler handler;
    private final EpochNanoClock clock;
    private final AttemptGate gate;
    /** Every attempt connects from this context (see {@link BinanceWebSocketComponent#connectionContext}). */
    private final Context context;
    private final IntervalFunction backoff;
    private final ReentrantLock delivery = new ReentrantLock();

    private final Object lock = new Object();
    private Session current;
    private Session candidate;
    private boolean closed = true;
    private long generation;
    private int failures;

    /**
     * @param client the component's WebSocket client (its event loops read the socket; it closes a connection that
     *               does not answer a close frame within its closing timeout)
     */
    public StreamConnection(WebSocketClient client, URI uri, ConnectionSettings settings, ScheduledExecutorService scheduler,
                            StreamStatus status, FrameHandler handler, EpochNanoClock clock, AttemptGate gate) {
        this.client = client;
        this.uri = uri;
        this.settings = settings;
        this.scheduler = scheduler;
        this.status = status;
        this.handler = handler;
        this.clock = clock;
        this.gate = gate;
        this.context = BinanceWebSocketComponent.connectionContext(client);
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.reconnectDelay().toMillis(), 2.0, 0.5,
                Math.max(settings.reconnectDelay().toMillis(), settings.maxReconnectDelay().toMillis()));
    }

    public URI uri() {
        return uri;
    }

    public StreamStatus status() {
        return status;
    }

    /** Starts connecting in the background; never blocks on the network. */
    public void open() {
        long gen;
        synchronized (lock) {
            closed = false;
            failures = 0;
            gen = ++generation;
        }
        status.transition(StreamState.CONNECTING, null);
        attempt(gen, false, false);
    }

    /**
     * @param rotation       a second connection beside the current one (make-before-break)
     * @param takeOverAtOpen a rotation that takes over when open, without waiting for its first frame
     */
    private void attempt(long gen, boolean rotation, boolean takeOverAtOpen) {
        long wait = gate.tryAcquire();
        Session session;
        synchronized (lock) {
            if (closed || gen != generation || rotation && (candidate != null || current == null)
                    || !rotation && current != null) {
                // a rotation already under way or nothing to rotate; or, for a reconnect, a rotation's connection
                // took over meanwhile
                return;
            }
            if (wait > 0) {
                scheduler.schedule(() -> attempt(gen, rotation, takeOverAtOpen), wait, TimeUnit.NANOSECONDS);
                return;
            }
            session = new Session(rotation, takeOverAtOpen);
            if (rotation) {
                candidate = session;
            } else {
                current = session;
            }
        }
        context.runOnContext(ignored -> client.connect(connectOptions()).onComplete(result -> {
            if (result.succeeded()) {
                session.opened(result.result());
            } else {
                rejected(result.cause());
                session.lost("connection failed: " + describe(result.cause()));
            }
        }));
    }

    private WebSocketConnectOptions connectOptions() {
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timeout = settings.connectTimeout().toMillis();
        return new WebSocketConnectOptions().setHost(uri.getHost()).setPort(port).setSsl(tls).setURI(path)
                .setConnectTimeout(timeout).setTimeout(timeout);
    }

    /**
     * Make-before-break rotation: opens a second connection that takes over at its first frame.
     *
     * @return false when there is nothing to rotate (not streaming, or a rotation is already under way)
     */
    public boolean rotate(String reason) {
        long gen;
        synchronized (lock) {
            if (closed || candidate != null || current == null || current.socket == null) {
                return false;
            }
            gen = generation;
        }
        LOG.info("Stream {}: rotating connection ({})", status.key().id(), reason);
        attempt(gen, true, false);
        return true;
    }

    /**
     * Replaces a connection that is open but delivers no data, make-before-break: a second connection takes over as
     * soon as it is open (no first frame is awaited: the old one has nothing left to deliver), then the old one is
     * closed. When no second connection can be started now (one is already being made, or there is no open
     * connection) or it fails, the old one is dropped as lost and the stream reconnects with backoff.
     */
    public void replaceStalled(String cause) {
        long gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            boolean replaceable = candidate == null && current != null && current.socket != null;
            gen = replaceable ? generation : -1;
        }
        if (gen < 0) {
            reconnect(cause);
            return;
        }
        LOG.info("Stream {}: replacing the connection ({})", status.key().id(), cause);
        attempt(gen, true, true);
    }

    /**
     * Drops the current connection as lost (e.g. silent for too long), and a rotation's connection not yet in use;
     * a reconnect follows with backoff.
     */
    public void reconnect(String cause) {
        Session session;
        Session rotating;
        synchronized (lock) {
            session = current;
            rotating = candidate;
            candidate = null;
        }
        if (rotating != null) {
            rotating.shutdown();
        }
        if (session != null) {
            session.lost(cause);
        }
    }

    /**
     * The client's keep-alive, called by the supervisor (about once a second): sends a ping on the current connection
     * when the previous one went out {@code intervalNanos} ago or more and was answered, and says how long the
     * outstanding one has waited for its pong. While the connection is not read (back-pressure) its pong cannot
     * arrive: the wait then restarts when reading resumes; and it restarts with every data frame read, since a pong
     * queued behind a backlog of frames comes late on a connection that is plainly alive.
     *
     * @return nanoseconds the outstanding ping has waited for its pong; 0 when none is outstanding or not connected
     */
    public long heartbeat(long nowNanos, long intervalNanos) {
        Session s = currentSession();
        return s == null || s.socket == null ? 0 : s.heartbeat(nowNanos, intervalNanos);
    }

    /**
     * Nanosecond time data last came on the current connection: its last frame, or when it opened if none came yet,
     * or when reading resumed after back-pressure if that is later; -1 when not connected. Pings do not count.
     */
    public long lastDataNanos() {
        Session s = currentSession();
        if (s == null || s.socket == null) {
            return -1;
        }
        return Math.max(Math.max(s.lastFrameNanos, s.openedAtNanos), s.resumedAtNanos());
    }

    /**
     * Reads the current connection again if it is paused: for a pause that nothing will end (the supervisor found the
     * socket paused while nothing waited for the route). Harmless when it is not paused.
     */
    void readAgain() {
        Session s = currentSession();
        if (s != null && s.socket != null) {
            s.reader.resume().run();
        }
    }

    /** Whether the current connection is not being read right now because the stream's inbox is full. */
    public boolean isPaused() {
        Session s = currentSession();
        return s != null && s.paused();
    }

    /** Nanosecond time of the last frame or ping on the current connection, -1 when not connected. */
    public long lastActivityNanos() {
        Session s = currentSession();
        return s == null || s.socket == null ? -1 : s.lastActivityNanos;
    }

    /** Nanosecond time of the last frame on the current connection, -1 when none yet. */
    public long lastFrameNanos() {
        Session s = currentSession();
        return s == null ? -1 : s.lastFrameNanos;
    }

    /** Nanosecond time the current connection opened, -1 when not connected. */
    public long connectedAtNanos() {
        Session s = currentSession();
        return s == null || s.socket == null ? -1 : s.openedAtNanos;
    }

    private Session currentSession() {
        synchronized (lock) {
            return closed ? null : current;
        }
    }

    /** Closes the socket(s) (a close frame; the TCP connection follows) and stops any reconnect. */
    @Override
    public void close() {
        Session session;
        Session rotating;
        synchronized (lock) {
            closed = true;
            generation++;
            session = current;
            rotating = candidate;
            current = null;
            candidate = null;
        }
        if (rotating != null) {
            rotating.shutdown();
        }
        if (session != null) {
            session.shutdown();
        }
        status.transition(StreamState.STOPPED, null);
    }

    /** Passes an HTTP refusal of the upgrade (429/418 with Retry-After) to the gate. */
    private void rejected(Throwable error) {
        if (error instanceof UpgradeRejectedException refused) {
            String retryAfter = refused.getHeaders() == null ? null : refused.getHeaders().get("Retry-After");
            gate.onRejected(refused.getStatus(), Optional.ofNullable(retryAfter));
        }
    }

    /**
     * "SimpleName: message" of the error, and of its root cause when there is one: Netty and Vert.x wrap the reason
     * (e.g. "SSLHandshakeException: Failed to create SSL connection" around the certificate path that failed).
     */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? simple(error) : simple(error) + " (caused by " + simple(root) + ")";
    }

    private static String simple(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void scheduleAfterLoss(String cause) {
        long gen;
        long delay;
        synchronized (lock) {
            if (closed || current != null) {
                return; // stopped, or a rotation's connection took over meanwhile
            }
            gen = generation;
            int attempt = ++failures;
            boolean failed = attempt > settings.maxReconnectAttempts();
            delay = failed ? settings.coolDown().toMillis() : backoff.apply(attempt);
            // under the lock, so a rotation's connection taking over (STREAMING) cannot be overtaken by this state
            if (failed) {
                status.transition(StreamState.FAILED, settings.attemptsUsedUp(cause));
            } else {
                status.onReconnect();
                status.transition(StreamState.RECONNECTING, cause + "; attempt " + attempt + "/"
                        + settings.maxReconnectAttempts() + " in " + delay + " ms");
            }
        }
        scheduler.schedule(() -> attempt(gen, false, false), delay, TimeUnit.MILLISECONDS);
    }

    /** One connection attempt; callbacks of an attempt that is no longer current are ignored. */
    private final class Session implements MessageReader.Listener {
        private final boolean rotation;
        private final boolean takeOverAtOpen;
        private final MessageReader reader = new MessageReader(clock, this);
        private volatile WebSocket socket;
        private volatile long openedAtNanos;
        private volatile long lastActivityNanos;
        private volatile long lastFrameNanos = -1;
        /** When the outstanding client ping was sent (or its wait restarted), -1 when none is outstanding. */
        private final AtomicLong pingSentNanos = new AtomicLong(-1);
        private volatile long expectedPong;
        private volatile long lastPingNanos;
        private long pingsSent;

        Session(boolean rotation, boolean takeOverAtOpen) {
            this.rotation = rotation;
            this.takeOverAtOpen = takeOverAtOpen;
        }

        boolean paused() {
            return reader.paused();
        }

        long resumedAtNanos() {
            return reader.resumedAtNanos();
        }

        /** See {@link StreamConnection#heartbeat}; called by the supervisor's thread only. */
        long heartbeat(long now, long intervalNanos) {
            long sent = pingSentNanos.get();
            if (paused()) {
                if (sent >= 0) {
                    pingSentNanos.compareAndSet(sent, now);
                }
                return 0;
            }
            if (sent >= 0) {
                // the pong queues behind every frame the exchange sent before it: a reader working through a backlog
                // gets it late, but each frame it reads meanwhile shows that the connection lives
                return now - Math.max(sent, Math.max(reader.resumedAtNanos(), lastFrameNanos));
            }
            if (now - lastPingNanos < intervalNanos) {
                return 0;
            }
            long payload = ++pingsSent;
            expectedPong = payload;
            lastPingNanos = now;
            pingSentNanos.set(now);
            try {
                socket.writePing(Buffer.buffer(Long.BYTES).appendLong(payload)).onFailure(error ->
                        LOG.debug("Stream {}: ping not sent: {}", status.key().id(), describe(error)));
            } catch (RuntimeException e) {
                LOG.debug("Stream {}: ping not sent: {}", status.key().id(), describe(e));
            }
            return 0;
        }

        private boolean isLive() {
            synchronized (lock) {
                return !closed && (current == this || candidate == this);
            }
        }

        /**
         * The handshake succeeded. Runs within it (the attempt connected from {@link #context}), before any frame of
         * the connection is read: Vert.x has resumed the socket already, and a frame that found no handler would be
         * dropped.
         */
        void opened(WebSocket webSocket) {
            openedAtNanos = System.nanoTime();
            lastActivityNanos = openedAtNanos;
            lastPingNanos = openedAtNanos;
            webSocket.frameHandler(this::onFrame);
            webSocket.pongHandler(this::onPong);
            webSocket.exceptionHandler(error -> {
                if (!(error instanceof HttpClosedException)) { // a close without a close frame: the close handler says
                    lost(describe(error));
                }
            });
            webSocket.closeHandler(ignored -> {
                lost(closeCause(webSocket));
            });
            reader.attach(webSocket);
            socket = webSocket; // last: the supervisor reads the times above once it sees the socket
            if (!isLive()) {
                close(webSocket, (short) 1000, "stream stopped");
                return;
            }
            if (!rotation) {
                synchronized (lock) {
                    if (failures > settings.maxReconnectAttempts()) {
                        LOG.info("Stream {}: connected again after the cool-down", status.key().id());
                    }
                    failures = 0;
                }
                status.transition(StreamState.STREAMING, null);
            } else if (takeOverAtOpen) {
                delivery.lock();
                try {
                    takeOver();
                } finally {
                    delivery.unlock();
                }
            }
            webSocket.resume();
        }

        /**
         * Makes this rotation's connection the current one and closes the one it replaces; call under the delivery
         * lock. When the old one was lost meanwhile, this one simply carries on as the stream's connection.
         *
         * @return false when this connection is no longer the rotation's (closed, lost or replaced)
         */
        private boolean takeOver() {
            Session replaced;
            synchronized (lock) {
                if (closed || candidate != this) {
                    return false;
                }
                replaced = current;
                current = this;
                candidate = null;
                failures = 0;
                if (replaced != null) {
                    status.onRotation();
                    LOG.info("Stream {}: rotated to a new connection", status.key().id());
                }
                status.transition(StreamState.STREAMING, null);
            }
            if (replaced != null) {
                replaced.shutdown();
            }
            return true;
        }

        /** Every frame, on the socket's event loop, in order. */
        private void onFrame(WebSocketFrame frame) {
            if (!reader.onFrame(frame) && frame.type() == WebSocketFrameType.PING) {
                lastActivityNanos = System.nanoTime(); // Vert.x has answered it already
                status.onPing();
            }
            // binary messages carry nothing of Binance's; pongs and the close frame have their own handlers
        }

        @Override
        public boolean onMessage(CharBuffer message, long receiveTimeMicros) {
            return deliver(message, receiveTimeMicros);
        }

        /** The exchange broke the protocol: the connection is dropped (a new one backfills) and told why in the log. */
        @Override
        public void onBroken(String cause) {
            LOG.warn("Stream {}: the exchange sent {}; dropping the connection", status.key().id(), cause);
            lost(cause);
        }

        /** Hands a message over; returns whether the next one may be read now. */
        private boolean deliver(CharSequence message, long receiveTime) {
            delivery.lock();
            try {
                boolean isCandidate;
                synchronized (lock) {
                    if (closed || candidate != this && current != this) {
                        return false;
                    }
                    isCandidate = candidate == this;
                }
                if (isCandidate && !takeOver()) {
                    return false;
                }
                lastActivityNanos = System.nanoTime();
                lastFrameNanos = lastActivityNanos;
                return handler.onFrame(message, receiveTime, reader.resume());
            } finally {
                delivery.unlock();
            }
        }

        private void onPong(Buffer message) {
            if (message.length() == Long.BYTES && message.getLong(0) == expectedPong) {
                pingSentNanos.set(-1);
            }
        }

        void lost(String cause) {
            boolean wasCandidate;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                if (candidate == this) {
                    candidate = null;
                    wasCandidate = true;
                } else if (current == this) {
                    current = null;
                    wasCandidate = false;
                } else {
                    return;
                }
            }
            WebSocket ws = socket;
            if (ws != null) {
                close(ws, (short) 1001, "going away");
            }
            if (wasCandidate && takeOverAtOpen) {
                LOG.warn("Stream {}: the replacement connection failed ({}); dropping the stalled one",
                        status.key().id(), cause);
                reconnect(cause);
            } else if (wasCandidate) {
                LOG.warn("Stream {}: rotation failed ({}); keeping the current connection", status.key().id(), cause);
            } else {
                scheduleAfterLoss(cause);
            }
        }

        void shutdown() {
            WebSocket ws = socket;
            if (ws != null) {
                close(ws, (short) 1000, "stream stopped");
            }
        }
    }

    private void close(WebSocket webSocket, short code, String reason) {
        close(webSocket, code, reason, "Stream " + status.key().id());
    }

    /**
     * Sends a close frame; the client closes the TCP connection when the exchange answers it, or after its closing
     * timeout when it does not. Closing a socket already closed does nothing.
     *
     * @param owner who closes, for the log ("Stream trade-btcusdt", "Connection combined-1")
     */
    static void close(WebSocket webSocket, short code, String reason, String owner) {
        try {
            webSocket.close(code, reason).onFailure(error -> LOG.debug("{}: close: {}", owner, describe(error)));
        } catch (RuntimeException e) {
            LOG.debug("{}: close: {}", owner, describe(e));
        }
    }

    /** Why a socket closed, as its close handler learns it: the exchange's code and reason, or 1006 without them. */
    static String closeCause(WebSocket webSocket) {
        Short code = webSocket.closeStatusCode();
        String reason = webSocket.closeReason();
        return code == null ? "closed by server: code 1006 (the connection ended without a close frame)"
                : "closed by server: code " + code + (reason == null || reason.isEmpty() ? "" : " " + reason);
    }
}
