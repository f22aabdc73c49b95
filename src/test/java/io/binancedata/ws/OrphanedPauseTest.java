package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.limits.HostGate;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import io.vertx.core.Vertx;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's safety net: a socket paused by back-pressure whose resume got lost (here: a handler that says
 * "wait" and drops the resume) while nothing waits for the route is read again, with a WARN, within two ticks.
 */
class OrphanedPauseTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void shouldReadAgainASocketPausedWithNothingWaiting() {
        TradeTape tape = TradeTape.bundledBtcusdt();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Vertx vertx = BinanceWebSocketComponent.newVertx();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tapes(List.of(tape)));
             LogCapture log = new LogCapture(StreamSupervisor.class)) {
            AtomicInteger frames = new AtomicInteger();
            StreamConnection.FrameHandler losesItsResume = (frame, receiveTime, resume) -> frames.incrementAndGet() != 100;
            StreamStatus status = new StreamStatus(StreamKey.trade(tape.symbol()));
            ConnectionSettings settings = new ConnectionSettings(Duration.ofSeconds(5), 3, Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));
            URI uri = URI.create(exchange.wsUrl() + "/ws/" + status.key().streamName());
            HostGate gate = new HostGate("127.0.0.1", 6000, Clock.systemUTC());
            MarketDataClient rest = new MarketDataClient(new RestHost(new RestTransport(HttpClient.newHttpClient(),
                    Duration.ofSeconds(5)), URI.create(exchange.restUrl()), gate, Duration.ofSeconds(5)));
            StreamSupervisor supervisor = new StreamSupervisor(new WatchdogSettings(Duration.ofHours(12),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)),
                    new DataStallProbes(rest, gate, Duration.ofSeconds(60)));
            FrameInbox idleInbox = new FrameInbox(10, Runnable::run, batch -> { }, null, null, 0);
            try (StreamConnection connection = new StreamConnection(BinanceWebSocketComponent.newClient(vertx, settings),
                    uri, settings, scheduler, status, losesItsResume, new SystemEpochNanoClock(), AttemptGate.OPEN)) {
                supervisor.watch(connection, new DeliveredPosition() {
                    @Override
                    public boolean settled() {
                        return true;
                    }

                    @Override
                    public long lastTradeId() {
                        return -1;
                    }

                    @Override
                    public void catchUp(long tradeId) {
                        throw new AssertionError("no stall is judged here");
                    }
                }, idleInbox);
                connection.open();
                await().atMost(TIMEOUT).until(connection::isPaused);
                assertThat(frames.get()).isEqualTo(100);

                supervisor.tick();
                assertThat(connection.isPaused()).as("one tick is not enough: a pause may be about to end").isTrue();
                supervisor.tick();
                await().atMost(TIMEOUT).until(() -> frames.get() == tape.size());
                assertThat(log.events()).containsExactly("WARN Stream trade-btcusdt: its socket was paused with no "
                        + "frame waiting for the route; reading it again");
            }
        } finally {
            scheduler.shutdownNow();
            vertx.close();
        }
    }
}
