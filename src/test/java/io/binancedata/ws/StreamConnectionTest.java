package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/** The connection's back-pressure handshake with its frame handler, against the fake exchange. */
class StreamConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * The drain may resume the reader before the reader has returned from the handler that asked it to wait (a drain
     * thread takes the batch at once). The connection must then count as reading: a pause flag left set for good hides
     * the stream from the data-stall probes and the client's pings (seen in CI: a stream never probed).
     */
    @Test
    void shouldReadOnWhenResumedBeforeTheHandlerReturns() {
        TradeTape tape = TradeTape.bundledBtcusdt();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tapes(List.of(tape)))) {
            AtomicInteger frames = new AtomicInteger();
            StreamConnection.FrameHandler handler = (frame, receiveTime, resume) -> {
                if (frames.incrementAndGet() % 100 == 0) {
                    resume.run(); // resumed before this call returns
                    return false;
                }
                return true;
            };
            StreamStatus status = new StreamStatus(StreamKey.trade(tape.symbol()));
            ConnectionSettings settings = new ConnectionSettings(Duration.ofSeconds(5), 3, Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));
            URI uri = URI.create(exchange.wsUrl() + "/ws/" + status.key().streamName());
            try (StreamConnection connection = new StreamConnection(HttpClient.newHttpClient(), uri, settings, scheduler,
                    status, handler, new SystemEpochNanoClock(), AttemptGate.OPEN)) {
                connection.open();
                await().atMost(TIMEOUT).until(() -> frames.get() == tape.size());
                assertThat(connection.isPaused()).as("paused after " + frames.get() + " frames").isFalse();
            }
        } finally {
            scheduler.shutdownNow();
        }
    }
}
