package io.binancedata.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import org.agrona.concurrent.EpochNanoClock;

/**
 * One supervised WebSocket connection to a Binance raw stream, on the JDK's {@link java.net.http.WebSocket}.
 * <p>
 * Frames are delivered to the {@link FrameHandler} one at a time, in arrival order: the next frame is only requested
 * after the handler returns, which also gives back-pressure to the server instead of an unbounded queue. Server pings
 * are answered by the JDK automatically and counted as liveness. Any loss (close frame, reset, error, failed
 * handshake) schedules a new attempt after the reconnect delay, up to the configured number of attempts; then the
 * stream is {@link StreamState#FAILED}. {@link #close()} really closes the socket.
 */
public final class StreamConnection implements AutoCloseable {
    /** Receives each complete text frame with the time this process read it. */
    @FunctionalInterface
    public interface FrameHandler {
        void onFrame(String frame, long receiveTimeMicros);
    }

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final HttpClient client;
    private final URI uri;
    private final ConnectionSettings settings;
    private final ScheduledExecutorService scheduler;
    private final StreamStatus status;
    private final FrameHandler handler;
    private final EpochNanoClock clock;

    private final Object lock = new Object();
    private Session current;
    private ScheduledFuture<?> pending;
    private boolean closed = true;
    private int failures;

    public StreamConnection(HttpClient client, URI uri, ConnectionSettings settings, ScheduledExecutorService scheduler,
                            StreamStatus status, FrameHandler handler, EpochNanoClock clock) {
        this.client = client;
        this.uri = uri;
        this.settings = settings;
        this.scheduler = scheduler;
        this.status = status;
        this.handler = handler;
        this.clock = clock;
    }

    public URI uri() {
        return uri;
    }

    /** Starts connecting in the background; never blocks on the network. */
    public void open() {
        synchronized (lock) {
            closed = false;
            failures = 0;
        }
        status.transition(StreamState.CONNECTING, null);
        connect();
    }

    private void connect() {
        Session session = new Session();
        synchronized (lock) {
            if (closed) {
                return;
            }
            pending = null;
            current = session;
        }
        client.newWebSocketBuilder()
                .connectTimeout(settings.connectTimeout())
                .buildAsync(uri, session)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        session.lost("connection failed: " + describe(error));
                    }
                });
    }

    /** Closes the socket (close frame, then abort if the server does not answer) and cancels any reconnect. */
    @Override
    public void close() {
        Session session;
        synchronized (lock) {
            closed = true;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
            session = current;
            current = null;
        }
        if (session != null) {
            session.shutdown();
        }
        status.transition(StreamState.STOPPED, null);
    }

    static String describe(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Listener of one connection attempt; callbacks from an attempt that is no longer current are ignored. */
    private final class Session implements WebSocket.Listener {
        private volatile WebSocket socket;
        private StringBuilder partial;
        private long partialReceiveTime;

        private boolean isCurrent() {
            synchronized (lock) {
                return current == this && !closed;
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            if (!isCurrent()) {
                webSocket.abort();
                return;
            }
            synchronized (lock) {
                failures = 0;
            }
            status.transition(StreamState.STREAMING, null);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long receiveTime = clock.nanoTime() / 1000;
            if (!last) {
                if (partial == null) {
                    partial = new StringBuilder();
                    partialReceiveTime = receiveTime;
                }
                partial.append(data);
            } else if (isCurrent()) {
                if (partial == null) {
                    handler.onFrame(data.toString(), receiveTime);
                } else {
                    String text = partial.append(data).toString();
                    partial = null;
                    handler.onFrame(text, partialReceiveTime);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            status.onPing();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost("closed by server: code " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(describe(error));
        }

        void lost(String cause) {
            boolean failed;
            synchronized (lock) {
                if (current != this || closed) {
                    return;
                }
                current = null;
                failures++;
                failed = failures > settings.maxReconnectAttempts();
                if (!failed) {
                    pending = scheduler.schedule(StreamConnection.this::connect,
                            settings.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
            if (failed) {
                status.transition(StreamState.FAILED, cause + "; " + settings.maxReconnectAttempts()
                        + " reconnect attempts used up");
            } else {
                status.onReconnect();
                status.transition(StreamState.RECONNECTING, cause + "; attempt " + failures + "/"
                        + settings.maxReconnectAttempts() + " in " + settings.reconnectDelay().toMillis() + " ms");
            }
        }

        void shutdown() {
            WebSocket ws = socket;
            if (ws == null || ws.isOutputClosed()) {
                if (ws != null) {
                    ws.abort();
                }
                return;
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "stream stopped")
                    .orTimeout(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((w, e) -> ws.abort());
        }
    }
}
