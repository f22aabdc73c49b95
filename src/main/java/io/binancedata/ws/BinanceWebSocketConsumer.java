package io.binancedata.ws;

import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Feeds each frame of one stream through the route synchronously, on the connection's thread, so frames keep their
 * order end to end. Starting opens the connection in the background; stopping closes the socket.
 */
public class BinanceWebSocketConsumer extends DefaultConsumer implements StreamConnection.FrameHandler {
    private final StreamKey key;
    private StreamConnection connection;

    BinanceWebSocketConsumer(BinanceWebSocketEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.key = endpoint.status().key();
    }

    @Override
    public BinanceWebSocketEndpoint getEndpoint() {
        return (BinanceWebSocketEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = getEndpoint().getComponent().connect(getEndpoint(), this);
        connection.open();
    }

    @Override
    protected void doStop() throws Exception {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        super.doStop();
    }

    @Override
    public void onFrame(String frame, long receiveTimeMicros) {
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            in.setBody(frame);
            in.setHeader(StreamHeaders.STREAM_ID, key.id());
            in.setHeader(StreamHeaders.STREAM, key.streamName());
            in.setHeader(StreamHeaders.SYMBOL, key.symbol());
            in.setHeader(StreamHeaders.KIND, key.kind().code());
            if (key.kind() == StreamKind.KLINE) {
                in.setHeader(StreamHeaders.INTERVAL, key.interval());
            }
            in.setHeader(StreamHeaders.RECEIVE_TIME, receiveTimeMicros);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing frame of " + key.id(), exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
