package io.binancedata.fake;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One accepted WebSocket connection: pings it every ping interval, records its pongs, answers its control messages
 * ({@link ConnectionSubscriptions}), drops it when it sends too much ({@link MessageRateLimit}), and hands the socket
 * to a {@link Replayer}. The public accessors are safe from any thread (tests read them).
 */
public final class WebSocketSession {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSession.class);
    private static final long RESET_GRACE_MILLIS = 50;

    private final long id;
    private final List<String> streams;
    private final boolean combined;
    private final ServerWebSocket socket;
    private final HttpConnection connection;
    private final Vertx vertx;
    private final Context context;
    private final ExchangeStats stats;
    private final long acceptedAtNanos = System.nanoTime();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private volatile long lastPongMillis = -1;
    private long pongDeadlineMillis;
    private long unansweredSinceMillis = -1;
    private long lifetimeTimer = -1;
    private volatile String lastPongPayload;
    private volatile boolean open = true;
    private volatile boolean unresponsive;
    private volatile boolean tooManyMessages;
    private long pingTimer = -1;
    private Replayer replayer;
    private volatile ConnectionSubscriptions subscriptions;
    private MessageRateLimit limit;
    private Future<Void> lastWrite = Future.succeededFuture();

    WebSocketSession(long id, List<String> streams, boolean combined, ServerWebSocket socket,
                     HttpConnection connection, Vertx vertx, ExchangeStats stats) {
        this.id = id;
        this.streams = List.copyOf(streams);
        this.combined = combined;
        this.socket = socket;
        this.connection = connection;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.stats = stats;
    }

    /** {@link System#nanoTime()} when the exchange accepted the connection. */
    public long acceptedAtNanos() {
        return acceptedAtNanos;
    }

    /** Connection number, from 1, in the order the exchange accepted them. */
    public long id() {
        return id;
    }

    /** The stream names this connection asked for in its URL. */
    public List<String> streams() {
        return streams;
    }

    /** The streams subscribed now: those of the URL, then SUBSCRIBEd ones, less UNSUBSCRIBEd ones. */
    public List<String> subscriptions() {
        ConnectionSubscriptions current = subscriptions;
        return current == null ? streams : current.snapshot();
    }

    /** Whether the exchange dropped the connection for sending more messages in a second than allowed. */
    public boolean droppedForTooManyMessages() {
        return tooManyMessages;
    }

    /** Whether it is a combined-stream connection ({@code /stream?streams=}) whose events come wrapped. */
    public boolean isCombined() {
        return combined;
    }

    public boolean isOpen() {
        return open;
    }

    /** Data frames sent (injected malformed frames and serverShutdown events excluded). */
    public long framesSent() {
        return framesSent.get();
    }

    public long pingsSent() {
        return pingsSent.get();
    }

    public long pongsReceived() {
        return pongsReceived.get();
    }

    /** When the last pong arrived, if any did. */
    public Optional<Instant> lastPong() {
        long millis = lastPongMillis;
        return millis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** Payload of the last pong, if any (the client should echo the ping's payload). */
    public Optional<String> lastPongPayload() {
        return Optional.ofNullable(lastPongPayload);
    }

    /**
     * Starts pinging and replaying the subscribed streams, reads the client's control messages and enforces the
     * incoming message limit; call on the socket's event loop.
     */
    void start(FakeExchangeOptions options, ConnectionSubscriptions subscriptions,
               Consumer<WebSocketSession> onClosed) {
        this.subscriptions = subscriptions;
        this.replayer = subscriptions.replayer();
        this.pongDeadlineMillis = options.pongDeadline().toMillis();
        this.limit = options.incomingMessageLimit() > 0 ? new MessageRateLimit(options.incomingMessageLimit()) : null;
        socket.frameHandler(this::onFrame);
        socket.pongHandler(this::onPong);
        socket.exceptionHandler(error -> LOG.debug("connection {} failed: {}", id, error.toString()));
        socket.textMessageHandler(this::onText);
        socket.closeHandler(ignored -> {
            open = false;
            stopPinging();
            replayer.stop();
            subscriptions.onClosed();
            LOG.debug("connection {} closed after {} frames", id, framesSent.get());
            onClosed.accept(this);
        });
        long intervalMillis = Math.max(1, options.pingInterval().toMillis());
        pingTimer = vertx.setPeriodic(intervalMillis, timer -> ping());
        Duration lifetime = options.connectionLifetime();
        lifetimeTimer = vertx.setTimer(Math.max(1, lifetime.toMillis()), timer -> {
            LOG.info("connection {}: lifetime of {} ms reached; closing it as Binance does", id, lifetime.toMillis());
            socket.close((short) 1000, "Connection lifetime reached");
        });
        replayer.start();
    }

    /**
     * Counts pings, pongs and single-frame binary messages against the limit (text messages are counted in
     * {@link #onText}: Vert.x may hand a text message over before its frame).
     */
    private void onFrame(WebSocketFrame frame) {
        if (frame.isPing() || frame.type() == WebSocketFrameType.PONG || frame.isBinary() && frame.isFinal()) {
            withinLimit();
        }
    }

    private void onText(String text) {
        if (withinLimit() && open) {
            stats.onControlMessage();
            subscriptions.onMessage(text);
        }
    }

    /**
     * Counts one incoming message; over the limit, drops the connection as Binance does (close code 1008 "Too many
     * requests", observed) and returns false, as for every message after.
     */
    private boolean withinLimit() {
        if (tooManyMessages) {
            return false;
        }
        if (limit == null || limit.tryAcquire(System.nanoTime())) {
            return true;
        }
        tooManyMessages = true;
        stats.onMessageLimitExceeded();
        LOG.info("connection {}: more incoming messages in a second than allowed; closing it as Binance does", id);
        stopPinging();
        replayer.stop();
        socket.close((short) 1008, "Too many requests");
        return false;
    }

    private void ping() {
        long now = System.currentTimeMillis();
        if (unansweredSinceMillis > 0 && now - unansweredSinceMillis > pongDeadlineMillis) {
            LOG.info("connection {}: no pong for {} ms; closing it as Binance does", id, now - unansweredSinceMillis);
            stopPinging();
            socket.close((short) 1008, "Pong timeout");
            return;
        }
        if (unansweredSinceMillis < 0) {
            unansweredSinceMillis = now;
        }
        socket.writePing(Buffer.buffer(Long.toString(System.currentTimeMillis())));
        pingsSent.incrementAndGet();
        stats.onPing();
    }

    private void onPong(Buffer payload) {
        lastPongPayload = payload.toString();
        lastPongMillis = System.currentTimeMillis();
        unansweredSinceMillis = -1;
        pongsReceived.incrementAndGet();
        stats.onPong();
    }

    Context context() {
        return context;
    }

    Vertx vertx() {
        return vertx;
    }

    boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    /** Whether the socket is closed (by either side): nothing more can be written. */
    boolean isClosed() {
        return socket.isClosed();
    }

    void onDrain(Runnable action) {
        socket.drainHandler(ignored -> action.run());
    }

    void send(Frame frame) {
        lastWrite = socket.writeTextMessage(frame.text());
        framesSent.incrementAndGet();
        stats.onFrameSent(frame.stream());
    }

    /**
     * Lets Netty merge the flushes of the frames written in one event-loop task into one socket write (at most
     * {@code frames} frames per write) instead of one write per frame, the way a server writing a backlog does. Vert.x
     * flushes each frame written outside a read; this puts a {@link FlushConsolidationHandler} in front of its
     * channel (internal API, pinned by the Vert.x version, as {@link #reset()}).
     */
    void consolidateFlushes(int frames) {
        if (connection instanceof ConnectionBase base) {
            base.channel().pipeline().addFirst("flush-consolidation", new FlushConsolidationHandler(frames, true));
        }
    }

    /** Sends a frame that is not a data frame (injected fault, serverShutdown). */
    void sendExtra(String text) {
        lastWrite = socket.writeTextMessage(text);
    }

    void stopPinging() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
        if (lifetimeTimer >= 0) {
            vertx.cancelTimer(lifetimeTimer);
            lifetimeTimer = -1;
        }
    }

    /**
     * Drops the TCP connection without a close frame, {@value #RESET_GRACE_MILLIS} ms after the frames written so
     * far have reached the socket (a client reading a frame and the end of the stream together may otherwise
     * report the end first: the JDK client does). {@code HttpConnection.close()} would send a close frame, so
     * this closes Vert.x's Netty channel below its handlers (internal API, pinned by the Vert.x version).
     */
    void reset() {
        LOG.debug("connection {} reset after {} frames", id, framesSent.get());
        stats.onConnectionReset();
        lastWrite.onComplete(written -> vertx.setTimer(RESET_GRACE_MILLIS, timer -> {
            if (connection instanceof ConnectionBase base) {
                Channel channel = base.channel();
                channel.unsafe().close(channel.voidPromise());
            } else {
                connection.close();
            }
        }));
    }

    /**
     * Stops pinging and stops reading the connection (Netty's auto-read off, below Vert.x: no frame of the client is
     * read, so its pings get no pong), keeping the TCP connection open without a close frame. Call on the event loop.
     */
    void becomeUnresponsive() {
        LOG.debug("connection {} unresponsive after {} frames", id, framesSent.get());
        unresponsive = true;
        stopPinging();
        if (connection instanceof ConnectionBase base) {
            base.channel().config().setAutoRead(false);
        } else {
            socket.pause();
        }
    }

    /** Whether the connection was made {@link #becomeUnresponsive() unresponsive}. */
    public boolean isUnresponsive() {
        return unresponsive;
    }

    /**
     * Closes with a close frame; safe from any thread; completes when the close frame is written. An unresponsive
     * connection, which would never read the close frame in reply, is dropped at once instead (TCP close below Vert.x,
     * as {@link #reset()} does).
     */
    Future<Void> close(short code, String reason) {
        Promise<Void> closing = Promise.promise();
        context.runOnContext(ignored -> {
            if (unresponsive && connection instanceof ConnectionBase base) {
                Channel channel = base.channel();
                channel.unsafe().close(channel.voidPromise());
                closing.complete();
            } else if (socket.isClosed()) {
                closing.complete();
            } else {
                socket.close(code, reason).onComplete(closing);
            }
        });
        return closing.future();
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + id + " " + streams + (open ? " open" : " closed") + ", frames=" + framesSent
                + ", pongs=" + pongsReceived + "]";
    }
}
