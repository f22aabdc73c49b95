package io.binancedata.bench.e2e;

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
                Counter counter = new Counter(target.tradesPerStream(), epochMicros, done);
                counters.add(counter);
                connecting.add(http.newWebSocketBuilder().buildAsync(URI.create(target.streamUrl(symbol)), counter));
            }
            for (CompletableFuture<WebSocket> socket : connecting) {
                sockets.add(socket.get(30, TimeUnit.SECONDS));
            }
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                StringBuilder shortStreams = new StringBuilder();
                for (int s = 0; s < counters.size(); s++) {
                    Counter counter = counters.get(s);
                    if (counter.count < target.tradesPerStream()) {
                        shortStreams.append(BareClients.shortStream(target.symbols().get(s), counter.count,
                                counter.failure));
                    }
                }
                throw BareClients.timeout("bare JDK client", counters.stream().mapToLong(c -> c.count).sum(),
                        target, timeout, shortStreams);
            }
            return new BareResult(counters.stream().mapToLong(c -> c.lastMicros).max().orElseThrow(),
                    counters.stream().mapToLong(c -> c.count).sum(), counters.stream().mapToLong(c -> c.chars).sum());
        } finally {
            sockets.forEach(WebSocket::abort);
        }
    }

    /** Counts one stream's frames; the JDK calls it on one thread at a time. */
    private static final class Counter implements WebSocket.Listener {
        private final int expected;
        private final LongSupplier epochMicros;
        private final CountDownLatch done;
        private volatile long count;
        private volatile long chars;
        private volatile long lastMicros;
        private volatile String failure;

        Counter(int expected, LongSupplier epochMicros, CountDownLatch done) {
            this.expected = expected;
            this.epochMicros = epochMicros;
            this.done = done;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            chars += data.length();
            if (last && ++count == expected) {
                lastMicros = epochMicros.getAsLong();
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
            failure = "failed: " + error + (error.getCause() == null ? "" : ", caused by " + error.getCause());
        }
    }
}
