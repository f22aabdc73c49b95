package io.binancedata.fake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK WebSocket client that records what it receives; tests read it from the test thread. The JDK answers
 * pings with pongs by itself.
 */
final class WsTestClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private WebSocket socket;

    /** Connects, or throws the handshake failure. */
    static WsTestClient connect(String url) throws Exception {
        WsTestClient client = new WsTestClient();
        client.socket = attempt(url, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    static CompletableFuture<WebSocket> attempt(String url, WebSocket.Listener listener) {
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), listener);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.incrementAndGet();
        return null;
    }

    /** Sends a text message (a control message); waits until it is written. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** Sends an unsolicited pong; waits until it is written. */
    void pong() throws Exception {
        socket.sendPong(ByteBuffer.allocate(0)).get(5, TimeUnit.SECONDS);
    }

    /** Index of the first message equal to {@code text}, or -1. */
    synchronized int indexOf(String text) {
        return messages.indexOf(text);
    }

    /** Sends a ping (the server should answer with a pong); waits until it is written. */
    void ping() throws Exception {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failed.complete(error);
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
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
