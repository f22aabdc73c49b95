package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
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
}
