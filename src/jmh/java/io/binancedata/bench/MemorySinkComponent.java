package io.binancedata.bench;

import io.binancedata.stream.EventBatch;
import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code mem:<name>}: a sink that only counts the SBE messages and bytes it receives (nothing is kept); a batch counts
 * as its messages (bytes with their framing headers).
 */
final class MemorySinkComponent extends DefaultComponent {
    private long messages;
    private long bytes;

    long messages() {
        return messages;
    }

    long bytes() {
        return bytes;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new MemorySinkEndpoint(uri, this);
    }

    private final class MemorySinkEndpoint extends DefaultEndpoint {
        MemorySinkEndpoint(String uri, MemorySinkComponent component) {
            super(uri, component);
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    if (exchange.getMessage().getBody() instanceof EventBatch batch) {
                        messages += batch.count();
                        bytes += batch.length();
                        return;
                    }
                    byte[] body = exchange.getMessage().getBody(byte[].class);
                    messages++;
                    bytes += body.length;
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("mem: is a sink only");
        }
    }
}
