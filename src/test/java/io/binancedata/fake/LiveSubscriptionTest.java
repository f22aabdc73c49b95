package io.binancedata.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SUBSCRIBE, UNSUBSCRIBE and LIST_SUBSCRIPTIONS on open connections, over a real socket. */
class LiveSubscriptionTest {
    private static final int TAPE_TRADES = 3_000;
    private FakeExchange exchange;

    @AfterEach
    void stop() {
        if (exchange != null) {
            exchange.close();
        }
    }

    @Test
    void shouldSubscribeListAndUnsubscribeOnACombinedConnectionOpenedWithoutStreams() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false));
        List<String> btc = wrapped("btcusdt@trade", tape("BTCUSDT"));
        List<String> eth = wrapped("ethusdt@trade", tape("ETHUSDT"));

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/stream")) {
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 1);
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethusdt@trade\"],\"id\":2}");
            await().atMost(Duration.ofSeconds(30)).until(() -> client.count() == 2 + 2 * TAPE_TRADES);
            client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":3}");
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":4}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 4 + 2 * TAPE_TRADES);

            List<String> messages = client.messages();
            assertThat(messages.get(0)).isEqualTo("{\"result\":[],\"id\":1}");
            assertThat(messages.get(1)).isEqualTo("{\"result\":null,\"id\":2}");
            List<String> data = messages.subList(2, 2 + 2 * TAPE_TRADES);
            assertThat(data.stream().filter(m -> m.startsWith("{\"stream\":\"btcusdt@trade\"")).toList())
                    .isEqualTo(btc);
            assertThat(data.stream().filter(m -> m.startsWith("{\"stream\":\"ethusdt@trade\"")).toList())
                    .isEqualTo(eth);
            assertThat(messages.subList(2 + 2 * TAPE_TRADES, messages.size())).containsExactly(
                    "{\"result\":null,\"id\":3}", "{\"result\":[\"btcusdt@trade\"],\"id\":4}");
            assertThat(exchange.sessions()).singleElement().satisfies(session -> {
                assertThat(session.streams()).isEmpty();
                assertThat(session.subscriptions()).containsExactly("btcusdt@trade");
                assertThat(session.framesSent()).isEqualTo(2 * TAPE_TRADES);
            });
            assertThat(exchange.stats().controlMessages()).isEqualTo(4);
        }
    }

    @Test
    void shouldStartAStreamSubscribedLaterBareOnARawConnectionAndStopOneUnsubscribed() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(20));
        List<String> eth = tape("ETHUSDT");

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws/btcusdt@trade")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() >= 200);
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":7}");
            await().atMost(Duration.ofSeconds(10)).until(() -> ethAfter(client, "{\"result\":null,\"id\":7}") >= 10);
            client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":8}");
            // the connection goes on: 50 ETHUSDT trades after the answer, so a BTCUSDT one would have shown by then
            await().atMost(Duration.ofSeconds(20)).until(() -> ethAfter(client, "{\"result\":null,\"id\":8}") >= 50);

            List<String> messages = client.messages();
            int subscribed = messages.indexOf("{\"result\":null,\"id\":7}");
            int unsubscribed = messages.indexOf("{\"result\":null,\"id\":8}");
            List<String> btcFrames = messages.stream().filter(m -> m.contains("\"s\":\"BTCUSDT\"")).toList();
            assertThat(btcFrames).isEqualTo(tape("BTCUSDT").subList(0, btcFrames.size()));
            assertThat(messages.subList(0, subscribed)).isEqualTo(btcFrames.subList(0, subscribed));
            List<String> ethFrames = messages.stream().filter(m -> m.contains("\"s\":\"ETHUSDT\"")).toList();
            int first = eth.indexOf(ethFrames.get(0));
            assertThat(first).isPositive(); // joined the connection's clock, not the start of the tape
            assertThat(ethFrames).isEqualTo(eth.subList(first, first + ethFrames.size()));
            assertThat(messages.subList(unsubscribed + 1, messages.size()))
                    .allSatisfy(m -> assertThat(m).contains("\"s\":\"ETHUSDT\""));
            assertThat(messages.subList(0, subscribed)).noneMatch(m -> m.contains("ETHUSDT"));
            assertThat(exchange.sessions().get(0).subscriptions()).containsExactly("ethusdt@trade");
        }
    }

    @Test
    void shouldAnswerMalformedControlMessagesWithBinanceErrors() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).incomingMessageLimit(0));
        List<String[]> exchanges = List.of(
                new String[] {"{\"method\":\"SUBSCRIBE\",", "{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected"
                        + " value at line 1 column 23\"},\"id\":null}"},
                new String[] {"[1]", "{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column"
                        + " 1\"},\"id\":null}"},
                new String[] {"{\"method\":\"SUBSCRIB\",\"params\":[\"btcusdt@trade\"],\"id\":1}",
                    "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown variant `SUBSCRIB`, expected one of"
                        + " `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1"
                        + " column 20\"},\"id\":1}"},
                new String[] {"{\"params\":[\"btcusdt@trade\"],\"id\":2}", "{\"error\":{\"code\":2,\"msg\":\"Invalid"
                        + " request: missing field `method` at line 1 column 35\"},\"id\":2}"},
                new String[] {"{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"]}", "{\"error\":{\"code\":2,"
                        + "\"msg\":\"Invalid request: request ID must be an unsigned integer\"},\"id\":null}"},
                new String[] {"{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":-3}", "{\"error\":"
                        + "{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"},\"id\":null}"},
                new String[] {"{\"method\":\"SUBSCRIBE\",\"params\":[\"BTCUSDT@trade\"],\"id\":4}", "{\"error\":"
                        + "{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":4}"},
                new String[] {"{\"method\":\"UNSUBSCRIBE\",\"params\":\"btcusdt@trade\",\"id\":5}", "{\"error\":"
                        + "{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":5}"},
                new String[] {"{\"method\":\"LIST_SUBSCRIPTIONS\",\"params\":[\"x\"],\"id\":6}", "{\"error\":"
                        + "{\"code\":2,\"msg\":\"Invalid request: too many parameters\"},\"id\":6}"},
                new String[] {"{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":7}", "{\"result\":[],\"id\":7}"});

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws")) {
            for (String[] exchanged : exchanges) {
                client.send(exchanged[0]);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == exchanges.size());

            assertThat(client.messages()).isEqualTo(exchanges.stream().map(e -> e[1]).toList());
            assertThat(client.isConnected()).isTrue();
            assertThat(exchange.stats().framesSent("btcusdt@trade")).isZero();
        }
    }

    @Test
    void shouldKeepOneSubscriptionForAStreamSubscribedTwiceAndAnswerAnUnknownUnsubscribe() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false));
        List<String> btc = tape("BTCUSDT");

        try (WsTestClient client = WsTestClient.connect(exchange.wsUrl() + "/ws")) {
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"btcusdt@trade\"],\"id\":1}");
            await().atMost(Duration.ofSeconds(30)).until(() -> client.count() == 1 + TAPE_TRADES);
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":2}");
            client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"xrpusdt@trade\"],\"id\":3}");
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":4}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.count() == 4 + TAPE_TRADES);

            List<String> messages = client.messages();
            assertThat(messages.get(0)).isEqualTo("{\"result\":null,\"id\":1}");
            assertThat(messages.subList(1, 1 + TAPE_TRADES)).isEqualTo(btc);
            assertThat(messages.subList(1 + TAPE_TRADES, messages.size())).containsExactly(
                    "{\"result\":null,\"id\":2}", "{\"result\":null,\"id\":3}",
                    "{\"result\":[\"btcusdt@trade\"],\"id\":4}");
        }
    }

    /** ETHUSDT frames received after the message {@code answer} (0 before it arrived). */
    private static long ethAfter(WsTestClient client, String answer) {
        List<String> messages = client.messages();
        int at = messages.indexOf(answer);
        return at < 0 ? 0 : messages.subList(at + 1, messages.size()).stream()
                .filter(m -> m.contains("\"s\":\"ETHUSDT\"")).count();
    }

    /** The bundled tape's frames of {@code symbol}, as sent on a raw stream. */
    private static List<String> tape(String symbol) {
        TradeTape tape = TradeTape.bundled().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow();
        List<String> frames = new ArrayList<>(tape.size());
        for (int i = 0; i < tape.size(); i++) {
            frames.add(tape.frame(i));
        }
        return frames;
    }

    private static List<String> wrapped(String stream, List<String> frames) {
        return frames.stream().map(frame -> "{\"stream\":\"" + stream + "\",\"data\":" + frame + "}").toList();
    }
}
