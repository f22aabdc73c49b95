package io.binancedata.route;

import io.binancedata.pipeline.EventBatch;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.support.TypeConverterSupport;

/**
 * {@link EventBatch} → {@code byte[]}: every SBE message of the batch with its Simple Open Framing Header, back to
 * back — what a sink that knows nothing of batches (e.g. {@code file:}) writes for one exchange.
 */
public final class EventBatchConverter extends TypeConverterSupport {
    @Override
    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) throws TypeConversionException {
        if (type == byte[].class && value instanceof EventBatch batch) {
            return type.cast(batch.toByteArray());
        }
        return null;
    }
}
