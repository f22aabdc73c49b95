package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.apache.camel.Endpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream with a single sink runs on the one-sink route (a plain {@code to}, no recipient list): the sink gets the
 * exchange itself, so what it does to the message must not change what the stream counts as delivered.
 */
class OneSinkRouteTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldCountEveryDeliveredTradeWhenTheOnlySinkReplacesTheBody() throws Exception {
        TradeTape tape = TradeTape.bundledBtcusdt();
        AtomicLong received = new AtomicLong();
        AtomicLong exchanges = new AtomicLong();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tapes(List.of(tape)))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            // a sink that takes whole batches, not spooled: the user's route gets the stream route's exchange itself
            settings.put("binance.sink.trade", "direct:user-sink?binanceBatch=true");
            settings.put("binance.sink.spool", "false");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings), camel -> {
                try {
                    camel.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("direct:user-sink").process(e -> {
                                received.addAndGet(e.getMessage().getHeader(StreamHeaders.MESSAGE_COUNT, Integer.class));
                                exchanges.incrementAndGet();
                            }).setBody(constant("consumed by the user's route"));
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })) {
                binance.startTradeData(List.of(tape.symbol()));
                StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(TIMEOUT).until(() -> received.get() == tape.size());
                await().atMost(TIMEOUT).until(() -> status.messages() == tape.size());

                assertThat(status.messages()).isEqualTo(tape.size());
                assertThat(status.batches()).isEqualTo(exchanges.get());
                assertThat(status.deadLettered()).isZero();
                RouteDefinition route = binance.camelContext().getCamelContextExtension().getContextPlugin(Model.class)
                        .getRouteDefinition("trade-btcusdt");
                assertThat(route.getOutputs()).last().as("a plain to, no recipient list")
                        .isInstanceOf(ToDefinition.class);
            }
        }
    }
    /**
     * Trades to the file and a second sink (a recipient list), klines to the same file alone (a plain {@code to}):
     * stopping the last kline stream must leave the file sink to the trade streams (Camel removed it with the route,
     * and every later trade batch failed).
     */
    @Test
    void shouldKeepWritingTradesToASinkTheStoppedKlineStreamsSharedWithThem() throws Exception {
        TradeTape tape = TradeTape.bundledBtcusdt();
        CountDownLatch klinesStopped = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tapes(List.of(tape)))) {
            Map<String, String> settings = Product.settings(exchange, dir);
            settings.put("binance.sink.trade", "sbe-file:" + dir + ",direct:user-sink?binanceBatch=true");
            settings.put("binance.sink.kline", "sbe-file:" + dir);
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings), camel -> {
                try {
                    camel.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("direct:user-sink").process(e -> {
                                assertThat(klinesStopped.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                                received.addAndGet(e.getMessage().getHeader(StreamHeaders.MESSAGE_COUNT, int.class));
                            });
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })) {
                binance.startOhlcvData(List.of(tape.symbol()), List.of("1m"));
                binance.startTradeData(List.of(tape.symbol()));
                StreamStatus trades = binance.stream("trade-btcusdt").orElseThrow();
                await().atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("trade/BTCUSDT")));
                assertThat(binance.stopAllOhlcvData()).containsExactly("kline-btcusdt-1m");
                klinesStopped.countDown();
                await().atMost(TIMEOUT).until(() -> trades.messages() + trades.deadLettered() == tape.size());

                assertThat(trades.deadLettered()).isZero();
                assertThat(received.get()).isEqualTo(tape.size());
                assertThat(SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"))).hasSize(tape.size());

                // a stream's own endpoints go with it: its consumer, its EventProcessor's bean
                binance.startOhlcvData(List.of(tape.symbol()), "1s", (stream, buffer, offset, length) -> { });
                assertThat(endpointUris(binance)).anyMatch(uri -> uri.startsWith("bean:"))
                        .anyMatch(uri -> uri.startsWith("binance-ws:"));
                binance.stopAllOhlcvData();
                binance.stopAllTradeData();
                assertThat(endpointUris(binance)).noneMatch(uri -> uri.startsWith("bean:"))
                        .noneMatch(uri -> uri.startsWith("binance-ws:")).anyMatch(uri -> uri.startsWith("sbe-file:"));
            }
        }
    }

    private static List<String> endpointUris(BinanceData binance) {
        return binance.camelContext().getEndpoints().stream().map(Endpoint::getEndpointUri).toList();
    }
}
