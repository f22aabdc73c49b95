package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.FaultPlan;
import io.binancedata.fake.TradeTape;
import io.binancedata.fake.WebSocketSession;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binance.connection.max-streams} above 1: streams share combined-stream connections. Three trade streams at
 * two per connection ride two connections; every trade reaches its own stream's files exact and in order; a stream
 * stopped is unsubscribed while the others on its connection go on, and the connection it emptied is closed.
 */
class SharedConnectionsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int TRADES = 1000;

    @TempDir
    Path dir;

    private final List<TradeTape> tapes = TradeTape.bundled().stream()
            .map(t -> TradeTape.ofFrames(t.symbol(), t.frames().subList(0, TRADES))).toList();
    private final List<String> symbols = tapes.stream().map(TradeTape::symbol).toList();

    @Test
    void shouldCarryThreeStreamsOnTwoSharedConnectionsWithEveryTradeExact() {
        try (FakeExchange exchange = FakeExchange.start(exchangeOptions());
             BinanceData binance = startEveryTape(exchange, 2)) {
            for (String symbol : symbols) {
                StreamStatus status = binance.stream(id(symbol)).orElseThrow();
                assertThat(status.state()).as(symbol).isEqualTo(StreamState.STREAMING);
                assertThat(status.messages()).as(symbol).isEqualTo(TRADES);
                assertThat(status.reconnects()).as(symbol).isZero();
            }
            assertThat(exchange.stats().connectionsAccepted()).as("connections for 3 streams, 2 per connection")
                    .isEqualTo(2);
            assertThat(exchange.sessions()).allMatch(WebSocketSession::isCombined);

            String alone = soleStreamOfItsConnection(exchange);
            binance.stopTradeData(List.of(alone));
            await().atMost(TIMEOUT).until(() -> exchange.sessions().stream().filter(WebSocketSession::isOpen)
                    .count() == 1);
            assertThat(binance.stream(id(alone)).orElseThrow().state()).isEqualTo(StreamState.STOPPED);
            symbols.stream().filter(s -> !s.equals(alone)).forEach(s -> assertThat(
                    binance.stream(id(s)).orElseThrow().state()).as(s).isEqualTo(StreamState.STREAMING));
        }
        assertEveryTradeOnceInItsFiles();
    }

    /**
     * A shared connection dropped mid-stream (TCP reset, no close frame, after 700 frames): it reconnects, subscribes
     * every stream again, and each stream continues from its own last trade — every trade once, exact, in its own
     * files.
     */
    @Test
    void shouldResumeEveryStreamOfASharedConnectionThatWasReset() {
        FakeExchangeOptions options = exchangeOptions().faults(new FaultPlan().resetAfterFrames(700, 1));
        try (FakeExchange exchange = FakeExchange.start(options);
             BinanceData binance = startEveryTape(exchange, 200)) {
            for (String symbol : symbols) {
                StreamStatus status = binance.stream(id(symbol)).orElseThrow();
                assertThat(status.messages()).as(symbol).isEqualTo(TRADES);
                // the first stream rode the reset connection for sure (its 700 frames triggered the reset); the others
                // did if their subscription was confirmed before it
                assertThat(status.reconnects()).as(symbol).isBetween(symbol.equals(symbols.get(0)) ? 1L : 0L, 1L);
                assertThat(status.state()).as(symbol).isEqualTo(StreamState.STREAMING);
            }
            assertThat(exchange.stats().connectionsReset()).isEqualTo(1);
            assertThat(exchange.stats().connectionsAccepted()).as("one connection, then its successor")
                    .isEqualTo(2);
        }
        assertEveryTradeOnceInItsFiles();
    }

    /**
     * A message of a shared connection that names no stream (a frame cut short, not the
     * {@code {"stream":…,"data":…}} shape) cannot reach a stream's pipeline: it is written to the dead letter verbatim
     * (step {@code route}, no stream, the reason naming the connection), and every stream goes on.
     */
    @Test
    void shouldDeadLetterAMessageOfASharedConnectionThatReachesNoStream() throws Exception {
        String cut = "{\"e\":\"trade\",\"E\":";
        FakeExchangeOptions options = exchangeOptions().faults(new FaultPlan().injectMalformedEvery(250, cut));
        try (FakeExchange exchange = FakeExchange.start(options);
             BinanceData binance = startEveryTape(exchange, 200)) {
            long injected = exchange.stats().malformedInjected();
            assertThat(injected).as("messages cut short sent").isGreaterThanOrEqualTo(3);
            await().atMost(TIMEOUT).until(() -> deadLetters().size() == injected);
            for (JsonNode record : deadLetters()) {
                assertThat(record.get("streamId").isNull()).as(record.toString()).isTrue();
                assertThat(record.get("stream").isNull()).as(record.toString()).isTrue();
                assertThat(record.get("step").asText()).isEqualTo("route");
                assertThat(record.get("reason").asText())
                        .isEqualTo("combined-1: a message of neither the data nor the answer shape");
                assertThat(record.get("frame").asText()).isEqualTo(cut);
                assertThat(record.get("receiveTime").asLong()).isPositive();
            }
        }
        assertEveryTradeOnceInItsFiles();
    }

    /**
     * The messages that reached no stream and still wait for the dead letter when the product stops are written
     * before {@code close()} returns: their writer's thread is a daemon, gone when the process exits. Here the dead
     * letter takes nothing until the WebSocket component stops (its connections closed), so they all wait.
     */
    @Test
    void shouldWriteTheMessagesThatReachedNoStreamToTheDeadLetterBeforeCloseReturns() throws Exception {
        String cut = "{\"e\":\"trade\",\"E\":";
        FakeExchangeOptions options = exchangeOptions().faults(new FaultPlan().injectMalformedEvery(2, cut));
        String file = "file:" + dir.resolve("dead-letter") + "?fileName=held.jsonl&fileExist=Append";
        try (FakeExchange exchange = FakeExchange.start(options)) {
            BinanceData binance = startEveryTape(exchange, 200, Map.of("binance.sink.dead-letter", "held:dead-letter"),
                    camel -> camel.addComponent("held", new HeldUntilStop(file)));
            binance.close();
            long injected = exchange.stats().malformedInjected();
            assertThat(injected).as("messages cut short sent").isGreaterThanOrEqualTo(TRADES * 3 / 2);
            List<JsonNode> records = deadLetters();
            assertThat(records).hasSize((int) injected);
            assertThat(records).allSatisfy(r -> assertThat(r.get("frame").asText()).isEqualTo(cut));
        }
    }

    /**
     * A dead letter that holds every write until the {@code binance-ws} component stops, then passes it on to
     * {@code target}.
     */
    private static final class HeldUntilStop extends DefaultComponent {
        private final String target;

        HeldUntilStop(String target) {
            this.target = target;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            return new DefaultEndpoint(uri, this) {
                @Override
                public Producer createProducer() {
                    return new DefaultProducer(this) {
                        @Override
                        public void process(Exchange exchange) {
                            CamelContext camel = exchange.getContext();
                            ServiceSupport webSockets = (ServiceSupport) camel.getComponent("binance-ws");
                            if (!webSockets.isStopping() && !webSockets.isStopped()) {
                                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                                        .until(() -> webSockets.isStopping() || webSockets.isStopped());
                            }
                            try (ProducerTemplate passOn = camel.createProducerTemplate()) {
                                passOn.send(target, exchange);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    };
                }

                @Override
                public Consumer createConsumer(Processor processor) {
                    throw new UnsupportedOperationException("a dead letter is written to only");
                }
            };
        }
    }

    /** The records of the dead letter's files, oldest first. */
    private List<JsonNode> deadLetters() throws IOException {
        Path folder = dir.resolve("dead-letter");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    records.add(SbeFiles.parse(line));
                }
            }
        }
        return records;
    }

    /**
     * Rotation of a shared connection whose streams have gone quiet (every tape replayed): the new connection
     * confirms every subscription, no frame comes to take a stream over, and after a short grace every stream moves
     * anyway and the old connection closes — each stream STREAMING on one open connection, nothing written twice.
     */
    @Test
    void shouldRotateASharedConnectionWhoseStreamsAreQuiet() {
        try (FakeExchange exchange = FakeExchange.start(exchangeOptions());
             BinanceData binance = startEveryTape(exchange, 200, Map.of("binance.rotation.interval", "2s"))) {
            await().atMost(TIMEOUT).until(() -> symbols.stream()
                    .allMatch(s -> binance.stream(id(s)).orElseThrow().rotations() >= 1));
            await().atMost(TIMEOUT).until(() -> exchange.sessions().stream().filter(WebSocketSession::isOpen)
                    .count() == 1);
            for (String symbol : symbols) {
                StreamStatus status = binance.stream(id(symbol)).orElseThrow();
                assertThat(status.state()).as(symbol).isEqualTo(StreamState.STREAMING);
                assertThat(status.reconnects()).as(symbol).isZero();
                assertThat(status.messages()).as(symbol).isEqualTo(TRADES);
            }
        }
        assertEveryTradeOnceInItsFiles();
    }

    /** The exchange replaying the first {@value #TRADES} trades of each bundled tape once, as fast as read. */
    private FakeExchangeOptions exchangeOptions() {
        FakeExchangeOptions options = FakeExchangeOptions.defaults().maxSpeed().loop(false);
        tapes.forEach(options::tape);
        return options;
    }

    /** The product with every tape's trade stream, at most {@code maxStreams} per connection, all caught up. */
    private BinanceData startEveryTape(FakeExchange exchange, int maxStreams) {
        return startEveryTape(exchange, maxStreams, Map.of());
    }

    private BinanceData startEveryTape(FakeExchange exchange, int maxStreams, Map<String, String> extra) {
        return startEveryTape(exchange, maxStreams, extra, camel -> { });
    }

    private BinanceData startEveryTape(FakeExchange exchange, int maxStreams, Map<String, String> extra,
                                       java.util.function.Consumer<CamelContext> customizer) {
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.connection.max-streams", Integer.toString(maxStreams));
        settings.putAll(extra);
        BinanceData binance = BinanceData.start(BinanceSettings.of(settings), customizer);
        try {
            binance.startTradeData(symbols);
            await().atMost(TIMEOUT).until(() -> symbols.stream().allMatch(s -> messages(binance, s) >= TRADES));
            return binance;
        } catch (RuntimeException | Error e) {
            binance.close();
            throw e;
        }
    }

    private void assertEveryTradeOnceInItsFiles() {
        for (TradeTape tape : tapes) {
            TradeStreamEndToEndTest.assertTradesEqualSource(
                    SbeFiles.decodeDays(dir.resolve("trade").resolve(tape.symbol())), tape.frames(), tape.symbol());
        }
    }

    /** The symbol of the stream that rides a connection alone (three streams at two per connection). */
    private static String soleStreamOfItsConnection(FakeExchange exchange) {
        List<String> subscriptions = exchange.sessions().stream().filter(WebSocketSession::isOpen)
                .map(WebSocketSession::subscriptions).filter(s -> s.size() == 1).findFirst().orElseThrow();
        return subscriptions.get(0).substring(0, subscriptions.get(0).indexOf('@')).toUpperCase(Locale.ROOT);
    }

    private static long messages(BinanceData binance, String symbol) {
        return binance.stream(id(symbol)).map(StreamStatus::messages).orElse(0L);
    }

    private static String id(String symbol) {
        return "trade-" + symbol.toLowerCase(Locale.ROOT);
    }
}
