package io.binancedata.spool;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.ProducerTemplate;

import java.util.Map;

/**
 * A plain Camel context with one route, {@code direct:in} to a spool URI (no error handler, so a failure reaches the
 * sender), and a template to feed it from any thread.
 */
final class SpoolRoute implements AutoCloseable {
    private final DefaultCamelContext context;
    private final ProducerTemplate template;
    private final String uri;

    private SpoolRoute(DefaultCamelContext context, String uri) throws Exception {
        this.context = context;
        this.uri = uri;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:in").routeId("to-spool").to(uri);
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    /** Starts a new context routing to {@code uri}. */
    static SpoolRoute to(String uri) throws Exception {
        return new SpoolRoute(new DefaultCamelContext(), uri);
    }

    /** Starts {@code context} (with beans bound already) routing to {@code uri}. */
    static SpoolRoute to(DefaultCamelContext context, String uri) throws Exception {
        return new SpoolRoute(context, uri);
    }

    /** Sends trade message {@code seq} of {@code symbol}'s stream; throws if it was neither delivered nor spooled. */
    void send(String symbol, long seq) {
        send(TestMessages.body(seq), TestMessages.headers(symbol, seq));
    }

    /** Sends {@code body}: a message's {@code byte[]}, or an {@code EventBatch} of several. */
    void send(Object body, Map<String, Object> headers) {
        template.sendBodyAndHeaders("direct:in", body, headers);
    }

    SpoolEndpoint endpoint() {
        return context.getEndpoint(uri, SpoolEndpoint.class);
    }

    DefaultCamelContext context() {
        return context;
    }

    @Override
    public void close() {
        context.stop();
    }
}
