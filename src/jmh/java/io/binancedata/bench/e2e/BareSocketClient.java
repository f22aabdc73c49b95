package io.binancedata.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The plainest Java client: one JDK {@link java.net.http.WebSocket} per stream (one shared {@link HttpClient}),
 * unlimited demand ({@code request(Long.MAX_VALUE)} once), and a listener that only counts complete text messages and
 * their length — no parsing, no {@code String}, no sink. The JDK has decoded every message's UTF-8 into chars before
 * the listener sees it. It times when each stream's last frame arrived on the burst's clock.
 */
final class BareSocketClient {
    private BareSocketClient() {
    }

    /**
     * Reads the whole burst; returns when the last stream's last frame arrived (on {@code epochMicros}, the burst's
     * clock) and what was read.
     *
     * @throws TimeoutException when not every stream had all its messages within {@code timeout}
     */
    static BareResult read(BareTarget target, LongSupplier epochMicros, Duration timeout) throws Exception {
        CountDownLatch done = new CountDownLatch(target.symbols().size());
        HttpClient http = HttpClient.newHttpClient();
        List<Counter> counters = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        try {
            List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
            for (String symbol : target.symbols()) {
                Counter counter = new Counter(target.tradesPerStream(), epochMicros, done,
                        target.receiveTimes() != null);
                counters.add(counter);
                connecting.add(http.newWebSocketBuilder().buildAsync(URI.create(target.streamUrl(symbol)), counter));
            }
            for (CompletableFuture<WebSocket> socket : connecting) {
                sockets.add(socket.get(30, TimeUnit.SECONDS));
            }
            return StreamCounter.await("bare JDK client", done, counters, target, timeout);
        } finally {
            sockets.forEach(WebSocket::abort);
        }
    }

    /** Counts one stream's frames; the JDK calls it on one thread at a time. */
    private static final class Counter extends StreamCounter implements WebSocket.Listener {
        Counter(int expected, LongSupplier epochMicros, CountDownLatch done, boolean timeEach) {
            super(expected, epochMicros, done, timeEach);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            onPayload(data.length(), last);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failed("closed by the exchange (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failed("failed: " + error + (error.getCause() == null ? "" : ", caused by " + error.getCause()));
        }
    }
}
