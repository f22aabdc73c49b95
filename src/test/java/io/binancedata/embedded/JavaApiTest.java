package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.binancedata.BeanWiring;
import io.binancedata.BinanceData;
import io.binancedata.api.ConnectionFailedException;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.control.StreamManager;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamListener;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.stream.SymbolShape;
import io.binancedata.support.Product;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every edge case of the Java API, against the fake exchange (bundled tapes, real time pace, looping). */
class JavaApiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;

    @BeforeEach
    void start() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1.0).tapes(TradeTape.bundled()));
        binance = Product.start(exchange, dir);
    }

    @AfterEach
    void stop() {
        binance.close();
        exchange.close();
    }

    private StreamStatus status(String id) {
        return binance.stream(id).orElseThrow();
    }

    @Test
    void shouldListOnlyTradingSymbols() {
        assertThat(binance.exchangeSymbols()).contains("BTCUSDT", "ETHUSDT", TradeTape.NON_ASCII_SYMBOL);
        assertThat(binance.validateSymbols(List.of("btcusdt", "EthUsdt"))).containsExactly("BTCUSDT", "ETHUSDT");
    }

    @Test
    void shouldRejectUnknownAndNonTradingSymbolsAllOrNothing() {
        assertThatThrownBy(() -> binance.startTradeData(List.of("BTCUSDT", "NOSUCHCOIN", "bccbtc", "LUNAUSDT")))
                .isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) NOSUCHCOIN, bccbtc, LUNAUSDT: NOSUCHCOIN is not listed; "
                        + "bccbtc is BREAK, not TRADING; LUNAUSDT is HALT, not TRADING")
                .satisfies(e -> assertThat(((InvalidSymbolException) e).symbols())
                        .containsExactly("NOSUCHCOIN", "bccbtc", "LUNAUSDT"));
        assertThat(binance.streams()).isEmpty();
        assertThat(binance.camelContext().getRoute("trade-btcusdt")).isNull();
    }

    /**
     * One request starts at most 3,000 streams (every start and stop waits while a start adds its routes): more is
     * refused before anything is looked up or started.
     */
    @Test
    void shouldRefuseARequestForMoreThanThreeThousandStreams() {
        List<String> many = IntStream.range(0, 3_001).mapToObj(i -> "S" + i + "USDT").toList();
        assertThatThrownBy(() -> binance.startTradeData(many)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("A request starts at most 3000 streams; this one asks for 3001: send it in parts");
        assertThatThrownBy(() -> binance.startOhlcvData(many.subList(0, 1_501), List.of("1m", "5m")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("A request starts at most 3000 streams; this one asks for 3002 (1501 symbols, 2 intervals "
                        + "each): send it in parts");
        assertThat(binance.streams()).isEmpty();

        List<String> oneSymbol = new java.util.ArrayList<>(java.util.Collections.nCopies(4_000, "btcusdt"));
        oneSymbol.add(" BTCUSDT ");
        assertThat(binance.startTradeData(oneSymbol).started()).as("a symbol given 4,001 times is one stream")
                .containsExactly("trade-btcusdt");
    }

    /** Intervals given with trade streams are a mistake to say, not something to ignore. */
    @Test
    void shouldRefuseIntervalsForTradeStreams() {
        StreamManager manager = binance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER,
                StreamManager.class);
        assertThatThrownBy(() -> manager.start(StreamKind.TRADE, List.of("BTCUSDT"), List.of("1m")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Intervals are for kline streams; a trade "
                        + "stream has none (intervals [1m] given with kind trade)");
        assertThat(binance.streams()).isEmpty();
        manager.start(StreamKind.TRADE, List.of("BTCUSDT"), List.of());
        assertThatThrownBy(() -> manager.stop(StreamKind.TRADE, List.of("BTCUSDT"), List.of("1m")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(manager.stop(StreamKind.TRADE, List.of("BTCUSDT"), null)).containsExactly("trade-btcusdt");
    }

    @Test
    void shouldRefuseBadlyShapedSymbolsAndNullsWithoutStartingAnything() {
        assertThatThrownBy(() -> binance.startTradeData(Arrays.asList("BTCUSDT", "X Y", "a/b", null)))
                .isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) X Y, a/b, null: " + SymbolShape.RULE)
                .satisfies(e -> assertThat(((InvalidSymbolException) e).symbols()).containsExactly("X Y", "a/b", "null"));
        assertThatThrownBy(() -> binance.startOhlcvData(List.of("BTCUSDT"), Arrays.asList("1m", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Unknown kline interval 'null'");
        assertThatThrownBy(() -> binance.stopTradeData(List.of("..")))
                .isInstanceOf(InvalidSymbolException.class).hasMessage("Invalid symbol(s) ..: " + SymbolShape.RULE);
        assertThat(binance.streams()).isEmpty();
    }

    @Test
    void shouldRefuseABadlyShapedSymbolAtStartUp() {
        Map<String, String> settings = Product.settings(exchange, dir.resolve("second"));
        settings.put("binance.trade.symbols", "BTCUSDT,A/B");
        assertThatThrownBy(() -> BinanceData.start(BinanceSettings.of(settings)).close())
                .isInstanceOf(InvalidSymbolException.class).hasMessage("Invalid symbol(s) A/B: " + SymbolShape.RULE);
    }

    @Test
    void shouldTreatStartingARunningStreamAsANoOpCaseInsensitively() {
        StartResult first = binance.startTradeData(List.of("btcusdt"));
        StartResult second = binance.startTradeData(List.of("BTCUSDT", "ETHUSDT"));
        assertThat(first.started()).containsExactly("trade-btcusdt");
        assertThat(second.started()).containsExactly("trade-ethusdt");
        assertThat(second.alreadyRunning()).containsExactly("trade-btcusdt");
        await().atMost(TIMEOUT).until(() -> status("trade-btcusdt").messages() > 0 && status("trade-ethusdt").messages() > 0);
    }

    @Test
    void shouldNameEveryStreamThatIsNotRunningWhenStopping() {
        binance.startTradeData(List.of("BTCUSDT"));
        assertThatThrownBy(() -> binance.stopTradeData(List.of("BTCUSDT", "ETHUSDT")))
                .isInstanceOf(StreamNotActiveException.class)
                .hasMessage("Stream(s) not active: trade-ethusdt");
        assertThat(binance.camelContext().getRoute("trade-btcusdt")).as("all-or-nothing").isNotNull();
        assertThat(binance.stopTradeData(List.of("btcusdt"))).containsExactly("trade-btcusdt");
        assertThat(binance.camelContext().getRoute("trade-btcusdt")).isNull();
        assertThat(status("trade-btcusdt").state()).isEqualTo(StreamState.STOPPED);
        assertThatThrownBy(() -> binance.stopTradeData(List.of("BTCUSDT")))
                .isInstanceOf(StreamNotActiveException.class).hasMessage("Stream(s) not active: trade-btcusdt");
    }

    @Test
    void shouldRunSeveralIntervalsPerSymbolAndStopThemTogetherOrOneByOne() {
        StartResult started = binance.startOhlcvData(List.of("BTCUSDT", "ETHUSDT"), List.of("1s", "1m", "1M"));
        assertThat(started.started()).containsExactly("kline-btcusdt-1s", "kline-btcusdt-1m", "kline-btcusdt-1M",
                "kline-ethusdt-1s", "kline-ethusdt-1m", "kline-ethusdt-1M");
        assertThat(binance.stopOhlcvData(List.of("ETHUSDT"), "1M")).containsExactly("kline-ethusdt-1M");
        assertThat(binance.stopOhlcvData(List.of("btcusdt"))).containsExactlyInAnyOrder(
                "kline-btcusdt-1s", "kline-btcusdt-1m", "kline-btcusdt-1M");
        assertThat(binance.stopAllOhlcvData()).containsExactlyInAnyOrder("kline-ethusdt-1s", "kline-ethusdt-1m");
        assertThatThrownBy(() -> binance.stopOhlcvData(List.of("BTCUSDT")))
                .isInstanceOf(StreamNotActiveException.class).hasMessage("Stream(s) not active: kline-btcusdt-*");
    }

    @Test
    void shouldReportAStreamThatCannotConnectInTime() {
        exchange.faults().rejectUpgrades(1000, 503);
        binance.startTradeData(List.of("ETHUSDT"));
        assertThatThrownBy(() -> binance.awaitStreaming(List.of("trade-ethusdt"), Duration.ofMillis(500)))
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("trade-ethusdt (")
                .hasMessageContaining("not streaming within 500 ms");
        assertThatThrownBy(() -> binance.awaitStreaming(List.of("trade-nosuch"), Duration.ofMillis(500)))
                .isInstanceOf(StreamNotActiveException.class);
    }

    @Test
    void shouldRejectAnUnknownInterval() {
        assertThatThrownBy(() -> binance.startOhlcvData(List.of("BTCUSDT"), List.of("1m", "2d")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("2d");
        assertThat(binance.streams()).isEmpty();
    }

    @Test
    void shouldStopAllTradeStreamsAndLeaveKlines() {
        binance.startTradeData(List.of("BTCUSDT", "ETHUSDT"));
        binance.startOhlcvData(List.of("BTCUSDT"), List.of("1m"));
        assertThat(binance.stopAllTradeData()).containsExactlyInAnyOrder("trade-btcusdt", "trade-ethusdt");
        assertThat(binance.camelContext().getRoute("kline-btcusdt-1m")).isNotNull();
        assertThat(binance.stopAllTradeData()).isEmpty();
    }

    /** A stop of all the streams of a kind lists them when it holds the lock: another stop meanwhile cannot fail it. */
    @Test
    void shouldStopAllTradeStreamsWhileAnotherStopTakesOneOfThem() throws Exception {
        binance.startTradeData(List.of("BTCUSDT", "ETHUSDT"));
        binance.startOhlcvData(List.of("BTCUSDT"), List.of("1m"));
        StreamManager manager = binance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER,
                StreamManager.class);
        CompletableFuture<List<String>> stopAll = new CompletableFuture<>();
        Thread all = new Thread(() -> {
            try {
                stopAll.complete(manager.stopAll(StreamKind.TRADE));
            } catch (RuntimeException e) {
                stopAll.completeExceptionally(e);
            }
        });
        manager.addListener(new StreamListener() {
            @Override
            public void started(StreamStatus status) {
            }

            @Override
            public void removed(String streamId) { // the manager's lock held: the stop of all waits for it
                if (!streamId.equals("kline-btcusdt-1m")) {
                    return;
                }
                all.start();
                await().atMost(TIMEOUT).until(() -> all.getState() == Thread.State.WAITING);
                assertThat(manager.stopTrades(List.of("ETHUSDT"))).containsExactly("trade-ethusdt");
            }
        });

        assertThat(binance.stopAllOhlcvData()).containsExactly("kline-btcusdt-1m");
        assertThat(stopAll.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly("trade-btcusdt");
    }

    @ParameterizedTest(name = "max-streams {0}")
    @ValueSource(ints = {1, 10})
    void shouldRestartAStreamWhoseConnectionDied(int maxStreams) {
        binance.close();
        binance = BinanceData.start(BinanceSettings.of(withSettings(Map.of("binance.reconnect.max-attempts", "0",
                "binance.connection.max-streams", Integer.toString(maxStreams)))));
        exchange.faults().resetAfterFrames(5, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        await().atMost(TIMEOUT).until(() -> status("trade-btcusdt").state() == StreamState.FAILED);
        assertThat(status("trade-btcusdt").lastError()).contains("reconnect attempts used up");
        assertThatThrownBy(() -> binance.awaitStreaming(List.of("trade-btcusdt"), TIMEOUT))
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageStartingWith("Connection failed for trade-btcusdt (")
                .hasMessageContaining("closed by server: code 1006");

        StartResult restart = binance.startTradeData(List.of("BTCUSDT"));
        assertThat(restart.started()).containsExactly("trade-btcusdt");
        binance.awaitStreaming(List.of("trade-btcusdt"), TIMEOUT);
        await().atMost(TIMEOUT).until(() -> status("trade-btcusdt").messages() > 5);
        assertThat(status("trade-btcusdt").state()).isEqualTo(StreamState.STREAMING);
    }

    /** A start that fails takes back what it did: a stream of it that had failed and was retrying goes on retrying. */
    @Test
    void shouldGiveAFailedStreamItsRouteBackWhenAStartWithItFails() {
        binance.close();
        binance = BinanceData.start(BinanceSettings.of(withSettings(Map.of("binance.reconnect.max-attempts", "0",
                "binance.connection.max-streams", "1"))));
        exchange.faults().resetAfterFrames(5, 1);
        binance.startTradeData(List.of("BTCUSDT"));
        await().atMost(TIMEOUT).until(() -> status("trade-btcusdt").state() == StreamState.FAILED);
        StreamManager manager = binance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER,
                StreamManager.class);
        manager.addListener(new StreamListener() {
            @Override
            public void started(StreamStatus status) {
                if (status.key().id().equals("trade-ethusdt")) {
                    throw new IllegalStateException("refused by the test");
                }
            }

            @Override
            public void removed(String streamId) {
            }
        });

        assertThatThrownBy(() -> binance.startTradeData(List.of("BTCUSDT", "ETHUSDT")))
                .hasMessageContaining("refused by the test");
        assertThat(binance.camelContext().getRoute("trade-ethusdt")).isNull();
        assertThat(binance.stream("trade-ethusdt")).isEmpty();
        assertThat(binance.camelContext().getRoute("trade-btcusdt")).as("its route back").isNotNull();
        binance.awaitStreaming(List.of("trade-btcusdt"), TIMEOUT);
    }

    private Map<String, String> withSettings(Map<String, String> extra) {
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.putAll(extra);
        return settings;
    }
}
