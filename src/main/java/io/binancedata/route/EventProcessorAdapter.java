package io.binancedata.route;

import io.binancedata.api.EventProcessor;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Sink that hands each SBE message of one stream to a user's {@link EventProcessor}. */
public final class EventProcessorAdapter implements Processor {
    private final String streamId;
    private final EventProcessor target;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    public EventProcessorAdapter(String streamId, EventProcessor target) {
        this.streamId = streamId;
        this.target = target;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] message = exchange.getMessage().getBody(byte[].class);
        view.wrap(message);
        target.onMessage(streamId, view, 0, message.length);
    }
}
