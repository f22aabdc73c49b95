package io.binancedata.sink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.codec.EventTimes;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.StreamHeaders;
import org.apache.camel.Message;

/**
 * The headers of one message of a batch, for sinks that get one message per event: the batch's stream headers, then
 * the message's own event time, receive time, SBE template id and (when it was fetched over REST) backfilled. A
 * backfilled message has no event time (REST gives none): it carries {@code BinanceBackfilled=true} and no
 * {@code BinanceEventTime}.
 */
public final class EventHeaders {
    private static final List<String> STREAM_HEADERS = List.of(StreamHeaders.STREAM, StreamHeaders.STREAM_ID,
        StreamHeaders.SYMBOL, StreamHeaders.KIND, StreamHeaders.INTERVAL);

    private EventHeaders() {
    }

    /** The headers of message {@code i} of {@code batch}, carried by {@code message}. */
    public static Map<String, Object> of(Message message, EventBatch batch, int i) {
        Map<String, Object> headers = copy(message, STREAM_HEADERS);
        long eventTime = batch.eventTimeMicros(i);
        if (!EventTimes.isNull(eventTime)) {
            headers.put(StreamHeaders.EVENT_TIME, eventTime);
        }
        headers.put(StreamHeaders.RECEIVE_TIME, batch.receiveTimeMicros(i));
        headers.put(StreamHeaders.TEMPLATE_ID, batch.templateId());
        if (batch.backfilled(i)) {
            headers.put(StreamHeaders.BACKFILLED, Boolean.TRUE);
        }
        return headers;
    }

    /** The headers of {@code message} named in {@code names} that it carries, in a new mutable map. */
    public static Map<String, Object> copy(Message message, List<String> names) {
        Map<String, Object> headers = new HashMap<>(16);
        for (String name : names) {
            Object value = message.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }
}
