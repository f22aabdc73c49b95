package io.binancedata.spool;

import io.binancedata.sink.EventHeaders;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import java.util.List;

/**
 * Hands each exchange's message (a {@code byte[]} body and the stream headers listed in {@link #HEADERS}) to the
 * endpoint's {@link SpoolingSink}, on the caller's thread. Other headers are not passed on, so the sink sees the same
 * message whether it comes directly or from the spool. A message that can be neither delivered nor spooled fails the
 * exchange, so the route's error policy handles it.
 */
public class SpoolProducer extends DefaultProducer {
    /** The headers kept with each message. */
    public static final List<String> HEADERS = List.of(StreamHeaders.STREAM, StreamHeaders.STREAM_ID,
            StreamHeaders.SYMBOL, StreamHeaders.KIND, StreamHeaders.INTERVAL, StreamHeaders.EVENT_TIME,
            StreamHeaders.RECEIVE_TIME, StreamHeaders.TEMPLATE_ID, StreamHeaders.BACKFILLED, StreamHeaders.LEADER_TERM);

    /** The headers kept with a whole batch ({@code batch=true}). */
    public static final List<String> BATCH_HEADERS = List.of(StreamHeaders.STREAM, StreamHeaders.STREAM_ID,
            StreamHeaders.SYMBOL, StreamHeaders.KIND, StreamHeaders.INTERVAL, StreamHeaders.TEMPLATE_ID,
            StreamHeaders.MESSAGE_COUNT, StreamHeaders.FIRST_SEQUENCE, StreamHeaders.LAST_SEQUENCE,
            StreamHeaders.BACKFILLED, StreamHeaders.LEADER_TERM);

    public SpoolProducer(SpoolEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SpoolEndpoint getEndpoint() {
        return (SpoolEndpoint) super.getEndpoint();
    }

    /**
     * A batch ({@link EventBatch}) is split: each of its messages is sent (or spooled) on its own, in order; with the
     * endpoint's {@code batch=true}, the whole batch is one message (its framed SBE messages, with the batch headers).
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        if (message.getBody() instanceof EventBatch batch && getEndpoint().isBatch()) {
            getEndpoint().sink().send(new SpoolRecord(EventHeaders.copy(message, BATCH_HEADERS), batch.toByteArray()));
            return;
        }
        if (message.getBody() instanceof EventBatch batch) {
            sendEach(message, batch);
            return;
        }
        getEndpoint().sink().send(record(message));
    }

    /**
     * Sends each message of the batch in order. One the sink rejects as invalid holds no other back: the rest are sent,
     * and then the exchange fails with a {@link MessageRejectedException} that says how many were rejected and where
     * the first was, so the error policy keeps the batch in the dead letter. A message that can be neither delivered
     * nor spooled fails the exchange at once: the ones after it are not sent.
     */
    private void sendEach(Message message, EventBatch batch) throws Exception {
        MessageRejectedException firstRejected = null;
        int first = -1;
        int rejected = 0;
        for (int i = 0; i < batch.count(); i++) {
            try {
                getEndpoint().sink().send(new SpoolRecord(EventHeaders.of(message, batch, i), batch.messageBytes(i)));
            } catch (MessageRejectedException e) {
                if (firstRejected == null) {
                    firstRejected = e;
                    first = i;
                }
                rejected++;
            }
        }
        if (firstRejected != null) {
            throw new MessageRejectedException(rejected + " of " + batch.count()
                    + " messages rejected by the sink, the first at position " + first
                    + " (the others were delivered or spooled): " + firstRejected.getMessage(), firstRejected);
        }
    }

    static SpoolRecord record(Message message) {
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            throw new IllegalArgumentException("A spool needs a byte[] body, got "
                    + (message.getBody() == null ? "none" : message.getBody().getClass().getName()));
        }
        return new SpoolRecord(EventHeaders.copy(message, HEADERS), body);
    }
}
