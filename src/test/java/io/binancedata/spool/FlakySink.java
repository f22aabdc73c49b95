package io.binancedata.spool;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink behind {@code direct:<name>} that fails with an {@link IOException} while {@link #failing(boolean)} is set
 * and records the numbers of the messages it accepts otherwise.
 */
final class FlakySink implements Processor {
    private final String name;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Long> received = new ArrayList<>();
    private volatile boolean failing;

    FlakySink(String name) {
        this.name = name;
    }

    /** {@code direct:<name>} */
    String uri() {
        return "direct:" + name;
    }

    /** The route serving {@link #uri()}, without error handler: a failure goes back to the spool. */
    RouteBuilder route() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(uri()).routeId(name).process(FlakySink.this);
            }
        };
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    int calls() {
        return calls.get();
    }

    List<Long> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        calls.incrementAndGet();
        if (failing) {
            throw new IOException("sink " + name + " is down");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        synchronized (received) {
            received.add(TestMessages.seq(body));
        }
    }
}
