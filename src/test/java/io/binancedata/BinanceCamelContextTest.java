package io.binancedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Removing a route id the context does not have — what Camel does before adding every route definition — does not
 * walk the other routes' services; removing a route that exists still works.
 */
class BinanceCamelContextTest {
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
}
