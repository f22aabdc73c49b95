package io.binancedata.route;

import io.binancedata.stream.EventBatch;
import io.binancedata.pipeline.FramePipeline;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The stream route's JSON → SBE step: runs the batch of raw frames in the body through the stream's
 * {@link FramePipeline} and replaces the body with the resulting {@link EventBatch} and its batch headers
 * ({@link StreamHeaders#MESSAGE_COUNT}, first and last sequence, backfilled). A batch with no message left (duplicates,
 * open klines, dead letters) ends the route there. One per stream (route-local bean {@code framePipeline}).
 */
public final class FramePipelineProcessor implements Processor {
    private final FramePipeline pipeline;
    private final EventBatch events = new EventBatch();

    public FramePipelineProcessor(FramePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        FrameBatch frames = message.getBody(FrameBatch.class);
        if (frames == null) {
            throw new IllegalArgumentException("Expected a FrameBatch body, got " + message.getBody());
        }
        pipeline.process(frames, events);
        message.setBody(events);
        exchange.setProperty(StreamHeaders.EVENTS_PROPERTY, events);
        int count = events.count();
        if (count == 0) {
            exchange.setRouteStop(true);
            return;
        }
        message.setHeader(StreamHeaders.MESSAGE_COUNT, count);
        message.setHeader(StreamHeaders.FIRST_SEQUENCE, events.sequence(0));
        message.setHeader(StreamHeaders.LAST_SEQUENCE, events.sequence(count - 1));
        message.setHeader(StreamHeaders.TEMPLATE_ID, events.templateId());
        if (events.backfilledCount() > 0) {
            message.setHeader(StreamHeaders.BACKFILLED, Boolean.TRUE);
        }
    }
}
