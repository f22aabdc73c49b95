package io.binancedata.spool;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP sink on 127.0.0.1 (JDK server): records each POSTed message it accepts (204, or 200 with a body for
 * every 50th; anything but a POST of a test message is answered 405), or answers every
 * request 503 ({@link Mode#FAIL}), or never answers until closed ({@link Mode#HANG}); messages whose number is in
 * {@link #rejectNumbers} are answered 400 and not recorded.
 */
final class HttpSink implements AutoCloseable {
    enum Mode { ACCEPT, FAIL, HANG }

    /** What the sink accepted: stream id, message number, and the headers the spool must keep. */
    record Received(String streamId, long seq, String query, String eventTime, String templateId, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Mode mode = Mode.ACCEPT;
    private volatile Set<Long> rejectNumbers = Set.of();

    HttpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/ingest", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>/ingest} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    void rejectNumbers(Set<Long> numbers) {
        this.rejectNumbers = Set.copyOf(numbers);
    }

    /** Requests received, answered or not. */
    int requests() {
        return requests.get();
    }

    /** A copy of what was accepted, in order. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    int receivedCount() {
        synchronized (received) {
            return received.size();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        requests.incrementAndGet();
        Mode current = mode;
        if (current == Mode.HANG) {
            awaitClosing();
            exchange.close();
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || body.length != TestMessages.BODY_LENGTH) {
            exchange.sendResponseHeaders(405, -1); // camel-http sends GET when the URI has a query: httpMethod=POST
            exchange.close();
            return;
        }
        long seq = TestMessages.seq(body);
        int status = current == Mode.FAIL ? 503 : rejectNumbers.contains(seq) ? 400 : 204;
        if (status == 204) {
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("BinanceStreamId"), seq,
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("BinanceEventTime"),
                        exchange.getRequestHeaders().getFirst("BinanceSbeTemplateId"), body));
            }
        }
        if (status == 204 && seq % 50 == 0) { // a body to read, too: the connection must go back to the pool
            byte[] ok = "{\"accepted\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        } else {
            exchange.sendResponseHeaders(status, -1);
        }
        exchange.close();
    }

    private void awaitClosing() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
