package io.binancedata.route;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a frame that could not be processed into one dead-letter record (a JSON line holding the stream, the
 * reason, the receive time and the raw frame), counts it on the stream's status and logs it: every one of the first
 * few per stream at WARN, then every 1000th, so a flood of bad frames cannot flood the log.
 */
public final class DeadLetterRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecorder.class);
    private static final long LOG_FIRST = 10;
    private static final long LOG_EVERY = 1000;

    private final StreamRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetterRecorder(StreamRegistry registry) {
        this.registry = registry;
    }

    /** Replaces the body (the original frame) with the dead-letter record. */
    public void record(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : reason(cause);
        String streamId = message.getHeader(StreamHeaders.STREAM_ID, String.class);
        long count = streamId == null ? 0 : registry.find(streamId).map(s -> {
            s.onDeadLetter();
            return s.deadLettered();
        }).orElse(0L);
        if (count <= LOG_FIRST || count % LOG_EVERY == 0) {
            LOG.warn("Stream {}: frame dead-lettered ({} so far): {}", streamId, count, reason);
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("streamId", streamId);
        record.put("stream", message.getHeader(StreamHeaders.STREAM));
        record.put("receiveTime", message.getHeader(StreamHeaders.RECEIVE_TIME));
        record.put("reason", reason);
        record.put("frame", message.getBody(String.class));
        message.setHeader(StreamHeaders.DEAD_LETTER_REASON, reason);
        message.setBody(json.writeValueAsString(record) + "\n");
    }

    private static String reason(Throwable cause) {
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
            return cause.getClass().getSimpleName() + " at field '" + field + "': " + mapping.getOriginalMessage();
        }
        String message = cause.getMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline > 0 ? message.substring(0, newline) : message;
        }
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
