package io.binancedata.sink;

import io.binancedata.stream.EventBatch;
import io.binancedata.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Appends the exchange body — a stream's {@link EventBatch} (one write per UTC day it covers), or one SBE message as
 * {@code byte[]} — to the file chosen by the stream headers
 * ({@link StreamHeaders#KIND}, {@link StreamHeaders#SYMBOL}, {@link StreamHeaders#INTERVAL},
 * {@link StreamHeaders#EVENT_TIME}; a message without that header — a backfilled one has no event time — is dated by
 * its own {@link io.binancedata.codec.EventTimes exchange time}). Invalid input throws
 * {@link IllegalArgumentException}, a disk error its {@link java.io.IOException}; both reach the route's error handler.
 * Each message is counted on the endpoint as delivered or failed.
 */
public class SbeFileProducer extends DefaultProducer {

    public SbeFileProducer(SbeFileEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SbeFileEndpoint getEndpoint() {
        return (SbeFileEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        SbeFileEndpoint endpoint = getEndpoint();
        if (in.getBody() instanceof EventBatch batch) {
            try {
                endpoint.store().append(in.getHeader(StreamHeaders.KIND, String.class),
                        in.getHeader(StreamHeaders.SYMBOL, String.class),
                        in.getHeader(StreamHeaders.INTERVAL, String.class), batch);
            } catch (Exception e) {
                endpoint.onFailed(batch.count());
                throw e;
            }
            endpoint.onDelivered(batch.count());
            return;
        }
        try {
            String kind = in.getHeader(StreamHeaders.KIND, String.class);
            String symbol = in.getHeader(StreamHeaders.SYMBOL, String.class);
            String interval = in.getHeader(StreamHeaders.INTERVAL, String.class);
            Object eventTime = in.getHeader(StreamHeaders.EVENT_TIME);
            if (eventTime == null) {
                endpoint.store().append(kind, symbol, interval, in.getBody(byte[].class));
            } else {
                endpoint.store().append(kind, symbol, interval, eventTime(eventTime), in.getBody(byte[].class));
            }
        } catch (Exception e) {
            endpoint.onFailed(1);
            throw e;
        }
        endpoint.onDelivered(1);
    }

    /** Closes the open files so a stopped route holds none; routes still running reopen theirs on their next message. */
    @Override
    protected void doStop() throws Exception {
        FramedFileStore store = getEndpoint().storeIfStarted();
        if (store != null) {
            store.closeOpenFiles();
        }
        super.doStop();
    }

    private static long eventTime(Object header) {
        if (header instanceof Long || header instanceof Integer) {
            return ((Number) header).longValue();
        }
        throw new IllegalArgumentException("Header " + StreamHeaders.EVENT_TIME + " must be a long, was "
                + header.getClass().getName() + ": " + header);
    }
}
