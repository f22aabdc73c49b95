package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import io.binancedata.ws.StreamSupervisor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that blocks (here an {@code EventProcessor} that waits) leaves its stream silent on a healthy connection:
 * the stream must say so — STALLED, with where its drain thread waits — and not be reconnected; once the route moves
 * on, it is STREAMING again and every trade arrives.
 */
class RouteStuckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** With a connection of its own (max-streams 1) and on a shared combined-stream connection. */
    @ParameterizedTest(name = "binance.connection.max-streams = {0}")
    @ValueSource(strings = {"1", "10"})
    void shouldReportARouteThatBlocksAndRecoverWhenItMovesOn(String maxStreams) throws Exception {
        TradeTape tape = TradeTape.bundledBtcusdt();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .pingInterval(Duration.ofMillis(300)).tapes(List.of(tape)))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.watchdog.silence", "1s");
            settings.put("binance.connection.max-streams", maxStreams);
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings));
                 LogCapture log = new LogCapture(StreamSupervisor.class)) {
                binance.startTradeData(List.of(tape.symbol()), (streamId, buffer, offset, length) -> {
                    if (received.incrementAndGet() == 100) {
                        awaitRelease(release);
                    }
                });
                StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STALLED);
                assertThat(status.lastError()).startsWith("route stuck: one batch in its route for ")
                        .endsWith(" ms (a sink or processor that blocks?)");
                assertThat(log.eventsContaining("route stuck")).hasSize(1)
                        .allMatch(e -> e.startsWith("WARN Stream trade-btcusdt: route stuck: ")
                                && e.contains("its drain thread is at:") && e.contains("binance-stream-")
                                && e.contains("RouteStuckTest.awaitRelease"));
                assertThat(received.get()).isEqualTo(100);

                release.countDown();
                await().atMost(TIMEOUT).until(() -> received.get() == tape.size());
                await().atMost(TIMEOUT).until(() -> status.state() == StreamState.STREAMING);
                assertThat(log.eventsContaining("its route moves again")).hasSize(1);
                assertThat(status.reconnects()).as("the connection was never the problem").isZero();
                assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
            }
        }
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
