package io.binancedata.sink;

import io.binancedata.stream.EventBatch;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of {@link EventsComponent}: producer only. */
public class EventsEndpoint extends DefaultEndpoint {
    private final String delegate;

    EventsEndpoint(String uri, EventsComponent component, String delegate) {
        super(uri, component);
        this.delegate = delegate;
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public Producer createProducer() {
        return new EventsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("binance-events only sends: " + getEndpointUri());
    }

    /** Sends each message of a batch as its own exchange to the delegate sink, synchronously, in order. */
    private static final class EventsProducer extends DelegatingProducer {
        EventsProducer(EventsEndpoint endpoint) {
            super(endpoint, endpoint.delegate);
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Message message = exchange.getMessage();
            if (!(message.getBody() instanceof EventBatch batch)) {
                target().process(exchange);
                return;
            }
            for (int i = 0; i < batch.count(); i++) {
                Exchange event = target().getEndpoint().createExchange();
                event.getIn().setHeaders(EventHeaders.of(message, batch, i));
                event.getIn().setBody(batch.messageBytes(i));
                target().process(event);
                if (event.getException() != null) {
                    throw event.getException();
                }
            }
        }
    }
}
