package io.binancedata.fake;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client that records what it receives; tests read it from the test thread. It reads with Vert.x's client
 * (which answers pings with pongs by itself), not the JDK's: the JDK's fails now and then at the start of a burst
 * ("Invalid UTF-8 in frame TEXT" after ~115 ASCII frames, BENCHMARKS.md). The JDK's client still checks refused
 * handshakes ({@link #handshake}): its exception carries the whole HTTP response.
 */
final class WsTestClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Vertx vertx = Vertx.vertx();
    private final List<String> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    /** The close code: the exchange's, or 1006 when the connection ended without a close frame. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private WsTestClient() {
    }

    /** Connects, or throws the handshake failure. */
    static WsTestClient connect(String url) throws Exception {
        WsTestClient client = new WsTestClient();
        try {
            URI uri = URI.create(url);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
                    .setPort(uri.getPort()).setURI(uri.getRawQuery() == null ? uri.getRawPath()
                            : uri.getRawPath() + "?" + uri.getRawQuery())
                    .setTimeout(5_000);
            ClientWebSocket socket = client.vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 24)
                    .setClosingTimeout(1)) // an unresponsive exchange never answers the close frame
                    .webSocket();
            // the handlers are set before the handshake: attached to connect()'s future from this thread, they could
            // come after the exchange's first frames (it sends at once), which the event loop then dropped
            client.opened(socket);
            socket.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.socket = socket;
            return client;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /**
     * A handshake with the JDK's client, for tests of refused upgrades: completes exceptionally with its
     * {@code WebSocketHandshakeException} (status, headers and body of the answer) when refused.
     */
    static CompletableFuture<java.net.http.WebSocket> handshake(String url) {
        return attempt(url, new java.net.http.WebSocket.Listener() {
        });
    }

    /** A JDK client's handshake with a listener of the test's own. */
    static CompletableFuture<java.net.http.WebSocket> attempt(String url, java.net.http.WebSocket.Listener listener) {
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), listener);
    }

    private void opened(WebSocket webSocket) {
        webSocket.frameHandler(this::onFrame);
        webSocket.pongHandler(ignored -> pongs.incrementAndGet());
        webSocket.exceptionHandler(error -> {
            if (!(error instanceof HttpClosedException)) { // a close without a close frame: the close handler says
                failed.complete(error);
            }
        });
        webSocket.closeHandler(ignored -> {
            Short code = webSocket.closeStatusCode();
            closed.complete(code == null ? 1006 : code.intValue());
        });
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame.type() == WebSocketFrameType.PING) {
            pings.incrementAndGet(); // Vert.x has answered it already
        } else if (frame.isText() || frame.isContinuation()) {
            synchronized (this) {
                partial.append(frame.textData());
                if (frame.isFinal()) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
            }
        }
    }

    /** Sends a text message (a control message); waits until it is written. */
    void send(String text) throws Exception {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Sends an unsolicited pong; waits until it is written. */
    void pong() throws Exception {
        socket.writePong(Buffer.buffer()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Sends a ping (the server should answer with a pong); waits until it is written. */
    void ping() throws Exception {
        socket.writePing(Buffer.buffer(new byte[] {1, 2, 3})).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    /** Index of the first message equal to {@code text}, or -1. */
    synchronized int indexOf(String text) {
        return messages.indexOf(text);
    }

    synchronized List<String> messages() {
        return new ArrayList<>(messages);
    }

    synchronized int count() {
        return messages.size();
    }

    int pings() {
        return pings.get();
    }

    /** Pongs received in answer to {@link #ping()}. */
    int pongs() {
        return pongs.get();
    }

    boolean isConnected() {
        return !closed.isDone() && !failed.isDone();
    }

    @Override
    public void close() {
        try {
            if (socket != null && !socket.isClosed()) {
                socket.close((short) 1000, "test done").toCompletionStage().toCompletableFuture()
                        .get(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the exchange may be gone already: closing the client's Vert.x drops the connection anyway
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test client's Vert.x did not close: " + e, e);
        }
    }
}
