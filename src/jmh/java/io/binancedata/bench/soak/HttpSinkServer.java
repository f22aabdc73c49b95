package io.binancedata.bench.soak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.binancedata.fake.BurstLog;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The soak's HTTP sink: a real HTTP server on 127.0.0.1 that takes the product's one-POST-per-trade deliveries
 * (body: one SBE Trade message) and records, per burst stream, which trade ids arrived, how many arrived again (the
 * spool delivers at-least-once) and how many arrived for the first time after a later id of the same stream. While
 * {@link #down(boolean) down} it refuses every delivery with HTTP 503, so the product's spool fills and, once it is
 * up again, drains. Thread-safe.
 */
final class HttpSinkServer implements AutoCloseable {
    private static final int ERRORS_KEPT = 10;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Integer> streamOf = new HashMap<>();
    private final BitSet[] seen;
    private final long[] lastId;
    private final long firstId;
    private final int tradesPerStream;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final List<String> firstErrors = new ArrayList<>();
    private volatile boolean down;
    private long accepted;
    private long unique;
    private long duplicates;
    private long outOfOrder;
    private long refused;
    private long errors;

    private HttpSinkServer(HttpServer server, ExecutorService executor, BurstLog burst) {
        this.server = server;
        this.executor = executor;
        List<String> symbols = burst.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            streamOf.put(symbols.get(i), i);
        }
        this.seen = new BitSet[symbols.size()];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = new BitSet(burst.plan().tradesPerStream());
        }
        this.lastId = new long[symbols.size()];
        this.firstId = burst.trade(0).id();
        this.tradesPerStream = burst.plan().tradesPerStream();
    }

    /** Listens on a free port of 127.0.0.1, path {@code /ingest}. */
    static HttpSinkServer start(BurstLog burst) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        HttpSinkServer sink = new HttpSinkServer(server, executor, burst);
        server.createContext("/ingest", sink::handle);
        server.start();
        return sink;
    }

    /** The sink URI for the product: one POST per message, timeouts so a hanging server is noticed. */
    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort()
                + "/ingest?httpMethod=POST&connectTimeout=2000&responseTimeout=5000";
    }

    /** Refuses (503) every delivery while {@code down}. */
    void down(boolean down) {
        this.down = down;
    }

    boolean isDown() {
        return down;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (down) {
                countRefused();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            record(body);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private synchronized void countRefused() {
        refused++;
    }

    private synchronized void record(byte[] body) {
        UnsafeBuffer buffer = new UnsafeBuffer(body);
        if (body.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            error("a body of " + body.length + " bytes");
            return;
        }
        header.wrap(buffer, 0);
        if (header.templateId() != TradeDecoder.TEMPLATE_ID || header.schemaId() != TradeDecoder.SCHEMA_ID) {
            error("template " + header.templateId() + " of schema " + header.schemaId());
            return;
        }
        trade.wrapAndApplyHeader(buffer, 0, header);
        long id = trade.tradeId();
        String symbol = trade.symbol();
        Integer stream = streamOf.get(symbol);
        long index = id - firstId;
        if (stream == null || index < 0 || index >= tradesPerStream) {
            error("trade " + id + " of " + symbol + " was never sent");
            return;
        }
        accepted++;
        if (seen[stream].get((int) index)) {
            duplicates++;
        } else {
            seen[stream].set((int) index);
            unique++;
            if (id < lastId[stream]) {
                // a trade arriving for the first time after a later one: a re-delivery would not count here
                outOfOrder++;
            }
        }
        lastId[stream] = Math.max(lastId[stream], id);
    }

    private void error(String message) {
        errors++;
        if (firstErrors.size() < ERRORS_KEPT) {
            firstErrors.add(message);
        }
    }

    /** What the sink has received so far. */
    synchronized Counts counts() {
        return new Counts(accepted, unique, duplicates, outOfOrder, refused, errors, List.copyOf(firstErrors));
    }

    /**
     * @param accepted   deliveries answered 200
     * @param unique     distinct trades among them
     * @param duplicates deliveries of a trade that had already arrived
     * @param outOfOrder deliveries of a trade id lower than one that had already arrived on its stream
     * @param refused    deliveries answered 503 (outages)
     * @param errors     bodies that were not a trade of the burst
     */
    record Counts(long accepted, long unique, long duplicates, long outOfOrder, long refused, long errors,
                  List<String> firstErrors) {
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
