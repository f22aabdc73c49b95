package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.FaultPlan;
import io.binancedata.fake.SyntheticMarket;
import io.binancedata.fake.TapeTrade;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many streams on one combined-stream connection, against the fake exchange's synthetic market. */
class CombinedConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final ConnectionSettings SETTINGS = new ConnectionSettings(Duration.ofSeconds(5), 3,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

    private ScheduledExecutorService scheduler;
    private Vertx vertx;
    private WebSocketClient client;
    private FakeExchange exchange;
    private CombinedConnection connection;
    private final List<String> unrouted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        vertx = BinanceWebSocketComponent.newVertx();
        client = BinanceWebSocketComponent.newClient(vertx, SETTINGS);
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (exchange != null) {
            exchange.close();
        }
        scheduler.shutdownNow();
        vertx.close();
    }

    @Test
    void shouldRouteEveryTradeOf300StreamsOnceWithTheExactDataPartlyInTheUrlPartlyBySubscribe() {
        int trades = 10;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(300, trades,
                3_000)));
        connection = connect(CombinedSettings.defaults().withMaxStreams(300));
        Map<String, Recorder> streams = subscribeTrades(300);
        connection.open();

        await().atMost(TIMEOUT).until(() -> received(streams) == 300 * trades);
        streams.forEach((stream, recorder) -> {
            assertThat(recorder.data).as(stream).isEqualTo(expectedTrades(recorder.symbol, 0, trades));
            assertThat(recorder.events).as(stream).containsExactly("subscribed");
        });
        int inUrl = exchange.sessions().get(0).streams().size();
        assertThat(inUrl).as("streams in the URL").isBetween(100, 200);
        assertThat(exchange.sessions().get(0).subscriptions()).hasSize(300);
        assertThat(exchange.stats().controlMessages()).isEqualTo((300 - inUrl + 99) / 100);
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
        assertThat(exchange.stats().droppedForMessageRate()).isZero();
        assertThat(connection.malformedMessages() + connection.unknownStreamMessages()).isZero();
        assertThat(unrouted).isEmpty();
    }

    /**
     * Hundreds of subscriptions one call at a time, with the client's pings due every 300 ms competing for the same
     * budget: the fake drops a connection at its 6th message within a second (1008), which must never happen.
     */
    @Test
    void shouldSubscribe300StreamsOneCallAtATimeWithinFiveMessagesASecondPingsIncluded() {
        int trades = 5;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(300, trades,
                3_000)));
        connection = connect(new CombinedSettings(300, 4, 20, 2_000, Duration.ofSeconds(10), Duration.ofMillis(300),
                Duration.ofSeconds(10)));
        connection.open();
        await().atMost(TIMEOUT).until(() -> connection.connectionsOpened() == 1);
        Map<String, Recorder> streams = subscribeTrades(300);

        await().atMost(TIMEOUT).until(() -> received(streams) == 300 * trades && connection.pendingRequests() == 0);
        streams.forEach((stream, recorder) -> {
            assertThat(recorder.data).as(stream).isEqualTo(expectedTrades(recorder.symbol, 0, trades));
            assertThat(recorder.events).as(stream).containsExactly("subscribed");
        });
        assertThat(exchange.stats().controlMessages()).as("SUBSCRIBE messages of at most 20 names")
                .isGreaterThanOrEqualTo(15);
        assertThat(exchange.sessions()).singleElement().satisfies(session -> {
            assertThat(session.subscriptions()).hasSize(300);
            assertThat(session.droppedForTooManyMessages()).isFalse();
        });
        assertThat(exchange.stats().droppedForMessageRate()).isZero();
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void shouldStopAStreamUnsubscribedAndStartOneSubscribedWhileStreaming() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(3, 3_000,
                300)));
        connection = connect(CombinedSettings.defaults());
        Recorder a = subscribe(0);
        Recorder b = subscribe(1);
        connection.open();
        await().atMost(TIMEOUT).until(() -> b.data.size() >= 50);

        assertThat(connection.unsubscribe(b.stream)).isTrue();
        int bAtUnsubscribe = b.data.size();
        await().atMost(TIMEOUT).until(() -> connection.pendingRequests() == 0
                && exchange.sessions().get(0).subscriptions().equals(List.of(a.stream)));
        // every frame of b the exchange sent came before its answer: delivered, or counted after the unsubscribe
        assertThat(b.data.size() + connection.framesAfterUnsubscribe())
                .isEqualTo(exchange.stats().framesSent(b.stream));
        assertThat(b.data.size()).isEqualTo(bAtUnsubscribe);

        Recorder c = subscribe(2);
        int aBefore = a.data.size();
        await().atMost(TIMEOUT).until(() -> c.data.size() >= 30 && a.data.size() >= aBefore + 100);
        assertThat(b.data).hasSize(bAtUnsubscribe).isEqualTo(expectedTrades(b.symbol, 0, bAtUnsubscribe));
        assertThat(c.events).containsExactly("subscribed");
        List<String> cData = List.copyOf(c.data);
        assertThat(cData).isEqualTo(expectedTrades(c.symbol, 0, cData.size()));
        List<String> aData = List.copyOf(a.data);
        assertThat(aData).isEqualTo(expectedTrades(a.symbol, 0, aData.size()));
        assertThat(exchange.sessions().get(0).subscriptions()).containsExactly(a.stream, c.stream);
        assertThat(connection.streamCount()).isEqualTo(2);
        assertThat(exchange.stats().droppedForMessageRate()).isZero();
    }

    /**
     * Data the exchange sends after it answered an UNSUBSCRIBE (already on its way inside it) is in flight for a
     * stream that left, not data of a stream never carried: counted, not dead-lettered.
     */
    @Test
    void shouldCountAFrameThatFollowsTheUnsubscribeAnswerAsLeftNotUnrouted() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(2, 3_000,
                300)));
        exchange.faults().sendFrameAfterUnsubscribeAnswers(1);
        connection = connect(CombinedSettings.defaults());
        Recorder a = subscribe(0);
        Recorder b = subscribe(1);
        connection.open();
        await().atMost(TIMEOUT).until(() -> b.data.size() >= 50);

        assertThat(connection.unsubscribe(b.stream)).isTrue();
        await().atMost(TIMEOUT).until(() -> connection.pendingRequests() == 0
                && exchange.sessions().get(0).subscriptions().equals(List.of(a.stream)));
        long sent = exchange.stats().framesSent(b.stream);
        await().atMost(TIMEOUT).until(() -> b.data.size() + connection.framesAfterUnsubscribe()
                + connection.unknownStreamMessages() == sent);
        assertThat(connection.unknownStreamMessages()).isZero();
        assertThat(unrouted).isEmpty();
        assertThat(connection.framesAfterUnsubscribe()).isPositive();
    }

    /** One bad name makes the exchange refuse a whole SUBSCRIBE: its names are asked for one by one. */
    @Test
    void shouldFailOnlyTheStreamTheExchangeRefusesInABatchAndCarryTheOthers() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(3, 20, 300)));
        connection = connect(CombinedSettings.defaults().withMaxUrlChars(0)); // every stream by SUBSCRIBE
        Recorder a = subscribe(0);
        Recorder refused = new Recorder("S0002USDT", "s0002usdt@kline_7m");
        assertThat(connection.subscribe(refused.stream, refused, refused)).isTrue();
        Recorder c = subscribe(2);
        connection.open();

        await().atMost(TIMEOUT).until(() -> c.data.size() == 20 && a.data.size() == 20 && !refused.events.isEmpty());
        assertThat(refused.events).containsExactly("failed: the exchange refused SUBSCRIBE id 3: "
                + "{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":3}");
        assertThat(refused.data).isEmpty();
        assertThat(connection.streamCount()).isEqualTo(2);
        assertThat(a.data).isEqualTo(expectedTrades(a.symbol, 0, 20));
        assertThat(c.data).isEqualTo(expectedTrades(c.symbol, 0, 20));
        assertThat(a.events).containsExactly("subscribed");
        assertThat(c.events).containsExactly("subscribed");
        await().atMost(TIMEOUT).until(() -> connection.pendingRequests() == 0);
        assertThat(exchange.stats().controlMessages()).as("the batch, then one per name").isEqualTo(4);
        assertThat(exchange.sessions()).singleElement()
                .satisfies(session -> assertThat(session.subscriptions()).containsExactly(a.stream, c.stream));
    }

    /** A connection that stops answering: its SUBSCRIBE times out, the stream is told, and a new connection takes all. */
    @Test
    void shouldFailASubscriptionNotAnsweredAndSubscribeEverythingOnANewConnection() {
        int trades = 200;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(2, trades,
                400)).faults(new FaultPlan().unresponsiveAfterFrames(20, 1)));
        connection = connect(CombinedSettings.defaults().withAnswerTimeout(Duration.ofSeconds(1)));
        Recorder a = subscribe(0);
        connection.open();
        await().atMost(TIMEOUT).until(() -> !exchange.sessions().isEmpty() && exchange.sessions().get(0).isUnresponsive());
        Recorder b = subscribe(1);

        long last = SyntheticMarket.firstTradeId() + trades - 1;
        await().atMost(TIMEOUT).until(() -> lastId(a) == last && lastId(b) == last);
        String cause = "no answer to SUBSCRIBE id 1 within 1000 ms";
        assertThat(b.events).containsExactly("failed: " + cause, "lost: " + cause, "subscribed");
        assertThat(a.events).containsExactly("subscribed", "lost: " + cause, "subscribed");
        assertThat(b.data).isEqualTo(expectedTrades(b.symbol, 0, trades));
        assertThat(a.ids()).isSorted().doesNotHaveDuplicates().startsWith(SyntheticMarket.firstTradeId());
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(exchange.sessions().get(1).streams()).containsExactly(a.stream, b.stream);
    }

    /** Binance's maintenance notice on a combined connection ({@code !serverShutdown}) makes it reconnect at once. */
    @Test
    void shouldReconnectOnAServerShutdownNotice() {
        int trades = 100;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(2, trades,
                400)).faults(new FaultPlan().serverShutdownAfterFrames(30, 1)));
        connection = connect(CombinedSettings.defaults());
        Map<String, Recorder> streams = subscribeTrades(2);
        connection.open();

        long last = SyntheticMarket.firstTradeId() + trades - 1;
        await().atMost(TIMEOUT).until(() -> streams.values().stream().allMatch(r -> lastId(r) == last));
        streams.forEach((stream, recorder) -> {
            assertThat(recorder.events).as(stream).containsExactly("subscribed", "lost: server shutdown notice",
                    "subscribed");
            assertThat(recorder.data).as(stream).isEqualTo(expectedTrades(recorder.symbol, 0, trades));
        });
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(connection.unknownStreamMessages() + connection.malformedMessages()).isZero();
    }

    /** The client's pings find a peer that stopped answering; reconnect() drops a connection; close() closes for good. */
    @Test
    void shouldDropAConnectionWhosePingGoesUnansweredAndCloseForGood() {
        int trades = 200;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(1, trades,
                200)).faults(new FaultPlan().unresponsiveAfterFrames(20, 1)));
        connection = connect(new CombinedSettings(10, 4, 100, 2_000, Duration.ofSeconds(10), Duration.ofMillis(200),
                Duration.ofSeconds(1)));
        Recorder a = subscribe(0);
        connection.open();

        long last = SyntheticMarket.firstTradeId() + trades - 1;
        await().atMost(TIMEOUT).until(() -> lastId(a) == last);
        assertThat(a.events).containsExactly("subscribed", "lost: no pong within 1000 ms", "subscribed");
        assertThat(a.ids()).isSorted().doesNotHaveDuplicates();
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);

        assertThat(connection.lastDataNanos()).isPositive();
        connection.reconnect("a stall probe found it silent");
        await().atMost(TIMEOUT).until(() -> connection.connectionsOpened() == 3 && a.events.size() == 5);
        assertThat(a.events.subList(3, 5)).containsExactly("lost: a stall probe found it silent", "subscribed");
        await().atMost(TIMEOUT).until(() -> !exchange.sessions().get(1).isOpen());

        connection.close();
        await().atMost(TIMEOUT).until(() -> !exchange.sessions().get(2).isOpen());
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
                .until(() -> exchange.stats().connectionsAccepted() == 3 && connection.connectionsOpened() == 3);
        assertThat(a.events).hasSize(5);
        assertThat(connection.lastDataNanos()).isEqualTo(-1);
    }

    @Test
    void shouldReconnectAfterAResetAndSubscribeEveryStreamAgain() {
        int trades = 100;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(20, trades,
                1_000)).faults(new FaultPlan().resetAfterFrames(300, 1)));
        connection = connect(CombinedSettings.defaults().withMaxUrlChars(100)); // 6 in the URL, 14 by SUBSCRIBE
        Map<String, Recorder> streams = subscribeTrades(20);
        connection.open();

        long last = SyntheticMarket.firstTradeId() + trades - 1;
        await().atMost(TIMEOUT).until(() -> streams.values().stream().allMatch(r -> lastId(r) == last));
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(exchange.stats().connectionsReset()).isEqualTo(1);
        assertThat(connection.connectionsOpened()).isEqualTo(2);
        assertThat(exchange.sessions().get(1).streams()).hasSize(6);
        assertThat(exchange.sessions().get(1).subscriptions()).containsExactlyElementsOf(streams.keySet());
        streams.forEach((stream, recorder) -> {
            assertThat(recorder.events).as(stream).hasSize(3).startsWith("subscribed").endsWith("subscribed");
            assertThat(recorder.events.get(1)).as(stream).startsWith("lost: closed by server: code 1006");
            List<Long> ids = recorder.ids();
            assertThat(ids).as(stream + ": in order, no duplicates").isSorted().doesNotHaveDuplicates();
            List<String> expected = new ArrayList<>();
            ids.forEach(id -> expected.add(tradeJson(recorder.symbol, id - SyntheticMarket.firstTradeId())));
            assertThat(recorder.data).as(stream).isEqualTo(expected);
        });
        assertThat(exchange.stats().droppedForMessageRate()).isZero();
    }

    @Test
    void shouldKeepEveryStreamsOrderThroughPausesResumedLaterOrBeforeTheHandlerReturns() {
        int trades = 400;
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(5, trades,
                10_000)));
        connection = connect(CombinedSettings.defaults());
        ExecutorService drain = Executors.newSingleThreadExecutor();
        AtomicInteger frames = new AtomicInteger();
        AtomicInteger pauses = new AtomicInteger();
        Map<String, Recorder> streams = new LinkedHashMap<>();
        try {
            for (int i = 0; i < 5; i++) {
                Recorder recorder = recorder(i);
                streams.put(recorder.stream, recorder);
                StreamConnection.FrameHandler waiting = (data, receiveTime, resume) -> {
                    recorder.onFrame(data, receiveTime, resume);
                    int n = frames.incrementAndGet();
                    if (n % 37 == 0) {
                        pauses.incrementAndGet();
                        drain.execute(resume); // later, from another thread
                        return false;
                    }
                    if (n % 101 == 0) {
                        resume.run(); // before this call returns
                        return false;
                    }
                    return true;
                };
                assertThat(connection.subscribe(recorder.stream, waiting, recorder)).isTrue();
            }
            connection.open();
            try {
                await().atMost(TIMEOUT).until(() -> frames.get() == 5 * trades);
            } catch (RuntimeException e) {
                throw new AssertionError("stalled at " + frames.get() + " of " + 5 * trades + " frames after "
                        + pauses.get() + " pauses; connection paused: " + connection.isPaused()
                        + "; the exchange sent " + exchange.stats(), e);
            }
        } finally {
            drain.shutdown();
        }
        streams.forEach((stream, recorder) ->
                assertThat(recorder.data).as(stream).isEqualTo(expectedTrades(recorder.symbol, 0, trades)));
        assertThat(pauses.get()).isEqualTo(5 * trades / 37);
        assertThat(connection.isPaused()).isFalse();
    }

    @Test
    void shouldReportAMessageOfNeitherShapeAndGoOn() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().syntheticMarket(SyntheticMarket.of(2, 50, 1_000))
                .faults(new FaultPlan().injectMalformedEvery(40)));
        connection = connect(CombinedSettings.defaults());
        Recorder a = subscribe(0);
        Recorder b = subscribe(1);
        connection.open();

        await().atMost(TIMEOUT).until(() -> a.data.size() == 50 && b.data.size() == 50 && unrouted.size() == 2);
        assertThat(unrouted).containsOnly("a message of neither the data nor the answer shape: "
                + FaultPlan.DEFAULT_MALFORMED_FRAME);
        assertThat(connection.malformedMessages()).isEqualTo(2);
        assertThat(exchange.stats().malformedInjected()).isEqualTo(2);
        assertThat(a.data).isEqualTo(expectedTrades(a.symbol, 0, 50));
    }

    @Test
    void shouldRefuseAStreamBeyondMaxStreamsADuplicateAndANameThatIsNoStreamName() {
        connection = new CombinedConnection("combined-test", client, URI.create("ws://127.0.0.1:9"), SETTINGS,
                CombinedSettings.defaults().withMaxStreams(2), scheduler, new SystemEpochNanoClock(),
                AttemptGate.OPEN, (message, reason) -> unrouted.add(reason));
        Recorder a = recorder(0);
        Recorder b = recorder(1);
        Recorder c = recorder(2);
        assertThat(connection.subscribe(a.stream, a, a)).isTrue();
        assertThat(connection.subscribe(b.stream, b, b)).isTrue();
        assertThat(connection.subscribe(c.stream, c, c)).isFalse();
        assertThat(connection.streamCount()).isEqualTo(2);
        assertThatThrownBy(() -> connection.subscribe(a.stream, a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream s0001usdt@trade is carried already by combined-test");
        assertThatThrownBy(() -> connection.subscribe("a/b@trade", a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a stream name: \"a/b@trade\"");
        assertThat(connection.unsubscribe(a.stream)).isTrue();
        assertThat(connection.unsubscribe(a.stream)).isFalse();
        assertThat(connection.subscribe(c.stream, c, c)).isTrue();
        assertThatThrownBy(() -> CombinedSettings.defaults().withMaxStreams(1_025))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max-streams must be 1 to 1024: 1025");
    }

    private CombinedConnection connect(CombinedSettings combined) {
        return new CombinedConnection("combined-test", client, URI.create(exchange.wsUrl()), SETTINGS, combined,
                scheduler, new SystemEpochNanoClock(), AttemptGate.OPEN,
                (message, reason) -> unrouted.add(reason + ": " + message));
    }

    private Map<String, Recorder> subscribeTrades(int n) {
        Map<String, Recorder> streams = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Recorder recorder = subscribe(i);
            streams.put(recorder.stream, recorder);
        }
        return streams;
    }

    private Recorder subscribe(int symbol) {
        Recorder recorder = recorder(symbol);
        assertThat(connection.subscribe(recorder.stream, recorder, recorder)).isTrue();
        return recorder;
    }

    private static Recorder recorder(int symbol) {
        String name = SyntheticMarket.symbol(symbol);
        return new Recorder(name, name.toLowerCase(Locale.ROOT) + "@trade");
    }

    private static long received(Map<String, Recorder> streams) {
        return streams.values().stream().mapToLong(r -> r.data.size()).sum();
    }

    private static long lastId(Recorder recorder) {
        List<Long> ids = recorder.ids();
        return ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
    }

    private static List<String> expectedTrades(String symbol, int from, int to) {
        return LongStream.range(from, to).mapToObj(k -> tradeJson(symbol, k)).toList();
    }

    /** Trade {@code k} of a synthetic symbol, as Binance writes a {@code @trade} event. */
    private static String tradeJson(String symbol, long k) {
        TapeTrade t = SyntheticMarket.trade(k);
        return "{\"e\":\"trade\",\"E\":" + t.eventTime() + ",\"s\":\"" + symbol + "\",\"t\":" + t.id() + ",\"p\":\""
                + t.price() + "\",\"q\":\"" + t.qty() + "\",\"T\":" + t.tradeTime() + ",\"m\":" + t.buyerMaker()
                + ",\"M\":" + t.bestMatch() + "}";
    }

    /** One stream's handler and listener: keeps a copy of each data value and every event, in order. */
    private static final class Recorder implements StreamConnection.FrameHandler, CombinedConnection.StreamListener {
        final String symbol;
        final String stream;
        final List<String> data = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        Recorder(String symbol, String stream) {
            this.symbol = symbol;
            this.stream = stream;
        }

        @Override
        public boolean onFrame(CharSequence frame, long receiveTimeMicros, Runnable resume) {
            data.add(frame.toString());
            return true;
        }

        @Override
        public void subscribed(String name) {
            assertThat(name).isEqualTo(stream);
            events.add("subscribed");
        }

        @Override
        public void subscriptionFailed(String name, String cause) {
            events.add("failed: " + cause);
        }

        @Override
        public void lost(String name, String cause) {
            events.add("lost: " + cause);
        }

        List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            for (String d : data) {
                int at = d.indexOf(",\"t\":") + 5;
                ids.add(Long.parseLong(d.substring(at, d.indexOf(',', at))));
            }
            return ids;
        }
    }
}
