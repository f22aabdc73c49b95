package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstLog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The plainest Java client: one JDK {@link java.net.http.WebSocket} per stream (one shared {@link HttpClient}),
 * unlimited demand ({@code request(Long.MAX_VALUE)} once), and a listener that only counts complete text messages —
 * no parsing, no {@code String}, no sink. It times when each stream's last frame arrived on the burst's clock.
 */
final class BareSocketClient {
    private BareSocketClient() {
    }

    /** Reads the whole burst; returns when the last stream's last frame arrived, µs since the epoch. */
    static long read(String wsUrl, BurstLog burst, Duration timeout) throws Exception {
        int tradesPerStream = burst.plan().tradesPerStream();
        CountDownLatch done = new CountDownLatch(burst.plan().streams());
        HttpClient http = HttpClient.newHttpClient();
        List<Counter> counters = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        try {
            List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
            for (String symbol : burst.symbols()) {
                Counter counter = new Counter(tradesPerStream, burst, done);
                counters.add(counter);
                String url = wsUrl + "/ws/" + symbol.toLowerCase(Locale.ROOT) + "@trade";
                connecting.add(http.newWebSocketBuilder().buildAsync(URI.create(url), counter));
            }
            for (CompletableFuture<WebSocket> socket : connecting) {
                sockets.add(socket.get(30, TimeUnit.SECONDS));
            }
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                long received = counters.stream().mapToLong(c -> c.count).sum();
                StringBuilder shortStreams = new StringBuilder();
                for (int s = 0; s < counters.size(); s++) {
                    Counter counter = counters.get(s);
                    if (counter.count < tradesPerStream) {
                        shortStreams.append(String.format(Locale.ROOT, "%n  %s: %d received, %d sent by the exchange%s",
                                burst.symbols().get(s), counter.count, burst.tradesSent(s),
                                counter.failure == null ? "" : ", " + counter.failure));
                    }
                }
                throw new TimeoutException("bare client: " + received + " of " + burst.plan().totalTrades()
                        + " frames after " + timeout + "; short streams:" + shortStreams);
            }
            return counters.stream().mapToLong(c -> c.lastMicros).max().orElseThrow();
        } finally {
            sockets.forEach(WebSocket::abort);
        }
    }

    /** Counts one stream's frames; the JDK calls it on one thread at a time. */
    private static final class Counter implements WebSocket.Listener {
        private final int expected;
        private final BurstLog burst;
        private final CountDownLatch done;
        private volatile long count;
        private volatile long lastMicros;
        private volatile String failure;

        Counter(int expected, BurstLog burst, CountDownLatch done) {
            this.expected = expected;
            this.burst = burst;
            this.done = done;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last && ++count == expected) {
                lastMicros = burst.epochMicros();
                done.countDown();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failure = "closed by the exchange (" + statusCode + " " + reason + ")";
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failure = "failed: " + error;
        }
    }
}
