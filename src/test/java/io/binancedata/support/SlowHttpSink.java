package io.binancedata.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A real HTTP sink on 127.0.0.1 (JDK server, one thread, so requests are answered in arrival order) that accepts every
 * POSTed SBE message with 204 after {@link #latency} — the time a slow downstream service takes — and keeps the
 * bodies in arrival order.
 */
public final class SlowHttpSink implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<byte[]> bodies = new ArrayList<>();
    private volatile long latencyMillis;

    public SlowHttpSink(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/ingest", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>/ingest} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
    }

    /** How long each request takes from now on. */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    public int receivedCount() {
        synchronized (bodies) {
            return bodies.size();
        }
    }

    /** Every message accepted, decoded, in arrival order. */
    public List<JsonNode> received() {
        List<byte[]> copy;
        synchronized (bodies) {
            copy = List.copyOf(bodies);
        }
        return copy.stream().map(b -> SbeFiles.decode(new UnsafeBuffer(b), 0, b.length)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        long latency = latencyMillis;
        if (latency > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(latency); // the service's own processing time, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (bodies) {
            bodies.add(body);
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
