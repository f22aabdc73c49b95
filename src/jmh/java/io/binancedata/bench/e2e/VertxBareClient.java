package io.binancedata.bench.e2e;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.impl.VertxInternal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The byte-level counterpart of {@link BareSocketClient}: one Vert.x 4 (Netty) WebSocket per stream, on one Vert.x
 * instance with one event loop per core (shared by all the runs in this JVM, as the product shares one per Camel
 * component, so its threads — and what they allocated — outlive each run), reading each frame through {@code frameHandler} — the payload as a
 * {@code Buffer} of UTF-8 bytes, never decoded to chars — and counting complete text messages (a fragmented message
 * counts once, when its final continuation frame arrives) and their bytes. Demand is unlimited as for the JDK client:
 * the sockets are never paused, so Netty reads whenever the socket has bytes.
 */
final class VertxBareClient {
    private VertxBareClient() {
    }

    /** The Vert.x instance, started on first use (only in the JVM that runs this client). */
    private static final class Shared {
        static final Vertx VERTX = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Reads the whole burst; returns when the last stream's last frame arrived (on {@code epochMicros}, the burst's
     * clock) and what was read.
     *
     * @throws java.util.concurrent.TimeoutException when not every stream had all its messages within {@code timeout}
     */
    static BareResult read(BareTarget target, LongSupplier epochMicros, Duration timeout) throws Exception {
        CountDownLatch done = new CountDownLatch(target.symbols().size());
        // Vert.x queues WebSocket connections to one host beyond maxConnections (50 by default): every stream must
        // connect before the exchange releases the burst.
        WebSocketClient client = Shared.VERTX.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(target.symbols().size()));
        try {
            List<Counter> counters = new ArrayList<>();
            List<Future<WebSocket>> connecting = new ArrayList<>();
            for (String symbol : target.symbols()) {
                Counter counter = new Counter(target.tradesPerStream(), epochMicros, done,
                        target.receiveTimes() != null);
                counters.add(counter);
                URI uri = URI.create(target.streamUrl(symbol));
                // from a context of its own, as the product connects: Vert.x 4.5 resumes a new socket before it calls
                // back, and a callback that ran later would find the first frames dropped
                Promise<WebSocket> connected = Promise.promise();
                ((VertxInternal) Shared.VERTX).createEventLoopContext().runOnContext(ignored -> client
                        .connect(uri.getPort(), uri.getHost(), uri.getRawPath()).onSuccess(counter::attach)
                        .onComplete(connected));
                connecting.add(connected.future());
            }
            for (Future<WebSocket> socket : connecting) {
                socket.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            return StreamCounter.await("bare Vert.x client", done, counters, target, timeout);
        } finally {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Counts one stream's frames; Vert.x calls it on the socket's event loop, one thread. */
    private static final class Counter extends StreamCounter {
        /** Whether the frames now arriving continue a text message (not a binary one). */
        private boolean inText;

        Counter(int expected, LongSupplier epochMicros, CountDownLatch done, boolean timeEach) {
            super(expected, epochMicros, done, timeEach);
        }

        void attach(WebSocket socket) {
            socket.frameHandler(this::onFrame);
            socket.closeHandler(ignored -> failed("closed by the exchange (" + socket.closeStatusCode() + " "
                    + socket.closeReason() + ")"));
            socket.exceptionHandler(error -> failed("failed: " + error));
        }

        private void onFrame(WebSocketFrame frame) {
            if (frame.isText()) {
                inText = true;
            } else if (!frame.isContinuation() || !inText) {
                return; // ping, pong, close, or a binary message: not a trade
            }
            if (frame.isFinal()) {
                inText = false;
            }
            onPayload(frame.binaryData().length(), frame.isFinal());
        }
    }
}
