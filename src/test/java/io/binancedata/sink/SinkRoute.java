package io.binancedata.sink;

import io.binancedata.stream.StreamHeaders;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A plain Camel context with one route, {@code direct:in} to an {@code sbe-file} URI, and a template to feed it. */
final class SinkRoute implements AutoCloseable {
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ProducerTemplate template;
    private final String uri;

    private SinkRoute(String uri) throws Exception {
        this.uri = uri;
        context.addComponent("sbe-file", new SbeFileComponent());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler()); // failures reach the template without being logged
                from("direct:in").routeId("sink").to(uri);
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    static SinkRoute to(Path directory) throws Exception {
        return new SinkRoute("sbe-file:" + directory);
    }

    static SinkRoute to(Path directory, String options) throws Exception {
        return new SinkRoute("sbe-file:" + directory + "?" + options);
    }

    void send(SbeTestMessages.Trade trade) {
        send(trade.encode(), headers("trade", trade.symbol(), null, trade.eventTime()));
    }

    void send(SbeTestMessages.Kline kline, String interval) {
        send(kline.encode(), headers("kline", kline.symbol(), interval, kline.eventTime()));
    }

    void send(byte[] body, Map<String, Object> headers) {
        template.sendBodyAndHeaders("direct:in", body, headers);
    }

    /** Stream headers as a stream route sets them; null values are left out. */
    static Map<String, Object> headers(String kind, String symbol, String interval, Object eventTime) {
        Map<String, Object> headers = new HashMap<>();
        putIfPresent(headers, StreamHeaders.KIND, kind);
        putIfPresent(headers, StreamHeaders.SYMBOL, symbol);
        putIfPresent(headers, StreamHeaders.INTERVAL, interval);
        putIfPresent(headers, StreamHeaders.EVENT_TIME, eventTime);
        return headers;
    }

    DefaultCamelContext context() {
        return context;
    }

    SbeFileEndpoint endpoint() {
        return context.getEndpoint(uri, SbeFileEndpoint.class);
    }

    @Override
    public void close() {
        context.stop();
    }

    private static void putIfPresent(Map<String, Object> headers, String name, Object value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
