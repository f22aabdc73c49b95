package io.binancedata.route;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import io.binancedata.stream.EventBatch;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.support.TypeConverterSupport;

/**
 * {@link EventBatch} → {@code byte[]}: every SBE message of the batch with its Simple Open Framing Header, back to
 * back — what a sink that knows nothing of batches (e.g. {@code file:}, or an HTTP sink with {@code binanceBatch=true})
 * writes for one exchange; also as an {@link InputStream} of those bytes.
 */
public final class EventBatchConverter extends TypeConverterSupport {
    @Override
    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) throws TypeConversionException {
        if (!(value instanceof EventBatch batch)) {
            return null;
        }
        if (type == byte[].class) {
            return type.cast(batch.toByteArray());
        }
        if (type == InputStream.class) {
            return type.cast(new ByteArrayInputStream(batch.toByteArray()));
        }
        return null;
    }
}
