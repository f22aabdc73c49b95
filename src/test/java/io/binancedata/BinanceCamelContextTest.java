package io.binancedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.binancedata.codec.SbeFraming;
import io.binancedata.sbe.TradeEncoder;
import io.binancedata.sink.SbeFileComponent;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.StreamHeaders;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removing a route id the context does not have — what Camel does before adding every route definition — does not
 * walk the other routes' services; removing a route that exists still works, and keeps the sinks other routes use.
 */
class BinanceCamelContextTest {
    private static final int TRADE_LENGTH = 40;
    private static final long DAY_MICROS = 1_700_000_000_000_000L;

    /** A route step that counts how often Camel walks the route's services (to gather its endpoints). */
    static final class Walked implements Processor, Service, Navigate<Processor> {
        final AtomicInteger walks = new AtomicInteger();

        @Override
        public void process(Exchange exchange) {
        }

        @Override
        public List<Processor> next() {
            return List.of();
        }

        @Override
        public boolean hasNext() {
            walks.incrementAndGet();
            return false;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }

    private static int walksToRemoveAnUnknownRoute(DefaultCamelContext camel) throws Exception {
        Walked walked = new Walked();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").routeId("a").process(walked);
                from("direct:b").routeId("b").log("b");
            }
        });
        camel.start();
        try {
            int before = walked.walks.get();
            assertThat(camel.removeRoute("no-such-route")).isFalse();
            int walks = walked.walks.get() - before;

            camel.getRouteController().stopRoute("b");
            assertThat(camel.removeRoute("b")).isTrue();
            assertThat(camel.getRoutes()).extracting(r -> r.getId()).containsExactly("a");
            return walks;
        } finally {
            camel.stop();
        }
    }

    @Test
    void shouldRemoveAnUnknownRouteIdWithoutWalkingTheOtherRoutes() throws Exception {
        assertThat(walksToRemoveAnUnknownRoute(new BinanceCamelContext())).isZero();
        assertThat(walksToRemoveAnUnknownRoute(new DefaultCamelContext()))
                .as("Camel's own context walks every route first (if this fails, Camel fixed it: drop the override)")
                .isPositive();
    }
    /**
     * A stream with one sink reaches it with {@code to}, one with several through a recipient list, which Camel does
     * not count as a use: removing the last route that used a sink with {@code to} stopped the sink for the others.
     */
    @Test
    void shouldKeepASinkWhenTheLastRouteUsingItWithToIsRemoved(@TempDir Path dir) throws Exception {
        String sink = "sbe-file:" + dir.toUri().getPath();
        BinanceCamelContext camel = new BinanceCamelContext();
        camel.addComponent("sbe-file", new SbeFileComponent());
        List<Exception> failures = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true)
                        .process(e -> failures.add(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
                from("direct:kline").routeId("kline").to(sink);
                from("direct:trade").routeId("trade").recipientList(constant(sink + ",log:trades?level=OFF"));
            }
        });
        camel.start();
        try {
            Endpoint endpoint = camel.getEndpoint(sink);
            camel.getRouteController().stopRoute("kline");
            assertThat(camel.removeRoute("kline")).isTrue();

            assertThat(camel.getEndpoint(sink)).isSameAs(endpoint);
            assertThat(((ServiceSupport) endpoint).isStarted()).isTrue();
            EventBatch batch = new EventBatch();
            batch.reset(TradeEncoder.TEMPLATE_ID, null);
            batch.claim(TRADE_LENGTH);
            batch.commit(TRADE_LENGTH, DAY_MICROS, DAY_MICROS, DAY_MICROS, 7, -1, null);
            camel.createProducerTemplate().sendBodyAndHeaders("direct:trade", batch, Map.of(StreamHeaders.KIND,
                    "trade", StreamHeaders.SYMBOL, "BTCUSDT"));
            assertThat(failures).isEmpty();
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(Files::isRegularFile).mapToLong(BinanceCamelContextTest::size).sum())
                        .isEqualTo(SbeFraming.HEADER_LENGTH + TRADE_LENGTH);
            }
        } finally {
            camel.stop();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
