package io.binancedata.ws;

import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint of one Binance stream; consumer only. */
public class BinanceWebSocketEndpoint extends DefaultEndpoint {
    private final StreamStatus status;
    private final SequenceGuard guard;

    BinanceWebSocketEndpoint(String uri, BinanceWebSocketComponent component, StreamStatus status, SequenceGuard guard) {
        super(uri, component);
        this.status = status;
        this.guard = guard;
    }

    StreamStatus status() {
        return status;
    }

    SequenceGuard guard() {
        return guard;
    }

    @Override
    public BinanceWebSocketComponent getComponent() {
        return (BinanceWebSocketComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("binance-ws is a consumer only: " + getEndpointUri());
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        BinanceWebSocketConsumer consumer = new BinanceWebSocketConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
