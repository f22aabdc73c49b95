package io.binancedata.ws;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.SyntheticMarket;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pool of shared connections, against the fake exchange's synthetic market: where streams ride. */
class CombinedPoolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ConnectionSettings SETTINGS = CombinedConnectionTest.SETTINGS;

    private ScheduledExecutorService scheduler;
    private Vertx vertx;
    private WebSocketClient client;
    private FakeExchange exchange;
    private CombinedPool pool;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        vertx = BinanceWebSocketComponent.newVertx();
        client = BinanceWebSocketComponent.newClient(vertx, SETTINGS);
        // two symbols, 20 trades a second each, for far longer than the test
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(2, 100_000,
                40)));
    }

    /** @param standby the hot standby's settings, null for none */
    private CombinedPool newPool(CombinedPool.StandbySettings standby) {
        return newPool(CombinedSettings.defaults(), standby);
    }

    private CombinedPool newPool(CombinedSettings combined, CombinedPool.StandbySettings standby) {
        pool = new CombinedPool(name -> new CombinedConnection(name, client, URI.create(exchange.wsUrl()), SETTINGS,
                combined, scheduler, new SystemEpochNanoClock(), AttemptGate.OPEN, (m, r) -> { }), standby);
        return pool;
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        exchange.close();
        scheduler.shutdownNow();
        vertx.close();
    }

    /**
     * A stream subscribed while its pool rotates a connection does not ride the rotation's new connection: when that
     * one does not settle in time, the rotation is abandoned and the new connection closed with whatever it carries
     * (the old one keeps the streams it was moving) — a stream that had landed there would be carried by nothing.
     */
    @Test
    void shouldKeepAStreamSubscribedDuringARotationThatIsAbandoned() {
        newPool(null);
        Frames first = new Frames();
        pool.subscribe(stream(0), first, first);
        await().atMost(TIMEOUT).until(() -> first.count() > 0);
        // one upgrade refused: the rotation's new connection (or the second stream's, which then reconnects) cannot
        // settle before the look below
        exchange.faults().rejectUpgrades(1, 503);
        assertThat(pool.rotateCarrier(stream(0), "test")).isTrue();
        Frames second = new Frames();
        pool.subscribe(stream(1), second, second);
        // the supervisor's look past the rotation's deadline: the new connection has not settled, it is given up
        pool.tick(System.nanoTime() + CombinedPool.ROTATION_DEADLINE.plusSeconds(1).toNanos(), Duration.ofDays(1)
                .toNanos());

        long firstNow = first.count();
        long secondNow = second.count();
        await().atMost(TIMEOUT).until(() -> second.count() >= secondNow + 20 && first.count() >= firstNow + 20);
        assertThat(first.lost.get()).as("the rotated stream stayed on its connection").isZero();
    }

    /**
     * A stream the exchange refuses on a rotation's new connection (which then settles without it) is subscribed anew
     * when the rotation completes; it was told "rotated" and left on no connection (the old one closed).
     */
    @Test
    void shouldSubscribeAnewAStreamRefusedOnTheRotationsNewConnection() {
        newPool(CombinedSettings.defaults().withMaxUrlChars(0), null); // every stream by SUBSCRIBE
        Frames first = new Frames();
        Frames second = new Frames();
        pool.subscribe(stream(0), first, first);
        pool.subscribe(stream(1), second, second);
        await().atMost(TIMEOUT).until(() -> first.count() > 0 && second.count() > 0);
        // the new connection's SUBSCRIBE of both, then of each alone: refused, it settles carrying nothing
        exchange.faults().refuseSubscribes(3);
        assertThat(pool.rotateCarrier(stream(0), "test")).isTrue();
        // the supervisor's ticks: the rotation completes once the new connection has settled for 2 s
        await().atMost(TIMEOUT).until(() -> {
            pool.tick(System.nanoTime(), Duration.ofDays(1).toNanos());
            return first.rotations.get() + first.subscribed.get() >= 2 && second.rotations.get()
                    + second.subscribed.get() >= 2;
        });
        long firstNow = first.count();
        long secondNow = second.count();
        await().atMost(TIMEOUT).until(() -> first.count() >= firstNow + 20 && second.count() >= secondNow + 20);
        assertThat(pool.size()).as("the old connection closed, the new one carries both").isEqualTo(1);
    }

    /**
     * The exchange announces maintenance on a rotation's new connection before the rotation completed: that connection
     * is rotated in turn once the streams are on it, with their own listeners: a rotation of its hand-overs left
     * each stream with a listener that hears nothing, and a later loss was never reported.
     */
    @Test
    void shouldRotateARotationsNewConnectionThatAnnouncesMaintenanceOnceTheStreamsAreOnIt() {
        newPool(null);
        Frames first = new Frames();
        pool.subscribe(stream(0), first, first);
        await().atMost(TIMEOUT).until(() -> first.count() > 0);
        exchange.faults().serverShutdownAfterFrames(3, 1); // the next connection: the rotation's new one
        assertThat(pool.rotateCarrier(stream(0), "test")).isTrue();
        await().atMost(TIMEOUT).until(() -> {
            pool.tick(System.nanoTime(), Duration.ofDays(1).toNanos());
            return first.rotations.get() >= 2 && pool.size() == 1;
        });
        long lostBefore = first.lost.get();
        exchange.resetAllConnections();
        await().atMost(TIMEOUT).until(() -> first.lost.get() > lostBefore);
        assertThat(first.rotations).as("rotated twice, each told").hasValue(2);
    }

    /**
     * A hot standby hands the frames it kept to a route that starts the stream in a take-over (held for it), and to no
     * other: a route started on a standby outside a take-over (the Java API's EventProcessor) begins with live frames.
     */
    @Test
    void shouldReplayTheKeptFramesOnlyToARouteThatStartsTheStreamInATakeOver() {
        newPool(new CombinedPool.StandbySettings(Duration.ofMinutes(1), 100_000));
        pool.standBy(Set.of(stream(0), stream(1)));
        await().atMost(TIMEOUT).until(() -> pool.standingBy() == 2 && pool.framesKept() >= 20);

        pool.holdForTakeOver(Set.of(stream(0)));
        long keptBefore = pool.framesKept();
        Frames taken = new Frames();
        pool.subscribe(stream(0), taken, taken); // the kept frames are replayed within the call
        long replayed = taken.count();
        Frames other = new Frames();
        pool.subscribe(stream(1), other, other);
        long replayedToOther = other.count();
        pool.holdForTakeOver(Set.of());

        assertThat(replayed).as("frames of the take-over's stream replayed at once").isPositive()
                .isLessThanOrEqualTo(keptBefore);
        assertThat(replayedToOther).as("frames replayed to a route started outside a take-over").isZero();
        assertThat(pool.framesKept()).as("frames kept once both streams run here").isZero();
        await().atMost(TIMEOUT).until(() -> other.count() >= 10); // live frames from then on
    }

    /** A stream a hot standby keeps that the exchange refused is asked for again a minute later, not at a take-over. */
    @Test
    void shouldAskAgainAMinuteLaterForAStandbyStreamTheExchangeRefused() {
        newPool(CombinedSettings.defaults().withMaxUrlChars(0), new CombinedPool.StandbySettings(Duration.ofMinutes(1),
                100_000)); // by SUBSCRIBE, so that the fake can refuse it
        exchange.faults().refuseSubscribes(1);
        pool.standBy(Set.of(stream(0)));
        await().atMost(TIMEOUT).until(() -> pool.refusedStandbys() == 1);

        pool.tick(System.nanoTime(), Duration.ofDays(1).toNanos());
        assertThat(pool.refusedStandbys()).as("asked again before a minute passed").isEqualTo(1);
        assertThat(pool.standingBy()).isZero();
        // the supervisor's look a minute later: asked for again, confirmed, frames kept
        pool.tick(System.nanoTime() + CombinedPool.REFUSED_STANDBY_RETRY.plusSeconds(1).toNanos(),
                Duration.ofDays(1).toNanos());
        await().atMost(TIMEOUT).until(() -> pool.standingBy() == 1 && pool.framesKept() > 0);
        assertThat(pool.refusedStandbys()).isZero();
    }

    private static String stream(int symbol) {
        return SyntheticMarket.symbol(symbol).toLowerCase(Locale.ROOT) + "@trade";
    }

    /** Counts a stream's data frames and losses. */
    private static final class Frames implements StreamConnection.FrameHandler, CombinedConnection.StreamListener {
        final AtomicLong frames = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong subscribed = new AtomicLong();
        final AtomicLong rotations = new AtomicLong();

        @Override
        public boolean onFrame(CharSequence frame, long receiveTimeMicros, Runnable resume) {
            frames.incrementAndGet();
            return true;
        }

        long count() {
            return frames.get();
        }

        @Override
        public void subscribed(String stream) {
            subscribed.incrementAndGet();
        }

        @Override
        public void rotated(String stream) {
            rotations.incrementAndGet();
        }

        @Override
        public void subscriptionFailed(String stream, String cause) {
            lost.incrementAndGet();
        }

        @Override
        public void lost(String stream, String cause) {
            lost.incrementAndGet();
        }
    }
}
