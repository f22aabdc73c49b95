package io.binancedata.route;

import io.binancedata.api.EventProcessor;
import io.binancedata.stream.EventBatch;
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

    /** The user's processor this adapter calls. */
    public EventProcessor target() {
        return target;
    }

    /** A batch is handed over one message at a time, in order, each without its framing header. */
    @Override
    public void process(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof EventBatch batch) {
            for (int i = 0; i < batch.count(); i++) {
                target.onMessage(streamId, batch.buffer(), batch.messageOffset(i), batch.messageLength(i));
            }
            return;
        }
        byte[] message = exchange.getMessage().getBody(byte[].class);
        view.wrap(message);
        target.onMessage(streamId, view, 0, message.length);
    }
}
