package io.binancedata.sink;

import io.binancedata.stream.EventBatch;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

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
    private static final class EventsProducer extends DefaultProducer {
        private Producer target;

        EventsProducer(EventsEndpoint endpoint) {
            super(endpoint);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            String uri = ((EventsEndpoint) getEndpoint()).delegate;
            target = CamelContextHelper.getMandatoryEndpoint(getEndpoint().getCamelContext(), uri).createProducer();
            ServiceHelper.startService(target);
        }

        @Override
        protected void doStop() throws Exception {
            ServiceHelper.stopAndShutdownService(target);
            target = null;
            super.doStop();
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Message message = exchange.getMessage();
            if (!(message.getBody() instanceof EventBatch batch)) {
                target.process(exchange);
                return;
            }
            for (int i = 0; i < batch.count(); i++) {
                Exchange event = target.getEndpoint().createExchange();
                event.getIn().setHeaders(EventHeaders.of(message, batch, i));
                event.getIn().setBody(batch.messageBytes(i));
                target.process(event);
                if (event.getException() != null) {
                    throw event.getException();
                }
            }
        }
    }
}
