package io.binancedata.ws;

import io.binancedata.sequence.FrameScanner;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Feeds each frame of one stream through the route synchronously, on the connection's thread, so frames keep their
 * order end to end; the stream's {@link SequenceGuard} first drops duplicates and fills gaps. A
 * {@code serverShutdown} event rotates the connection at once. Starting opens the connection in the background;
 * stopping closes the socket.
 */
public class BinanceWebSocketConsumer extends DefaultConsumer implements StreamConnection.FrameHandler {
    /** MDC key holding the stream id while a stream's frames are processed (log pattern {@code %X{streamId}}). */
    public static final String MDC_STREAM = "streamId";
    private static final Logger LOG = LoggerFactory.getLogger(BinanceWebSocketConsumer.class);

    private final StreamKey key;
    /** key.id() and key.streamName(), built once: they are set on every frame. */
    private final String streamId;
    private final String streamName;
    private final SequenceGuard guard;
    private final SequenceGuard.Delivery delivery = this::process;
    private StreamConnection connection;

    BinanceWebSocketConsumer(BinanceWebSocketEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.key = endpoint.status().key();
        this.streamId = key.id();
        this.streamName = key.streamName();
        this.guard = endpoint.guard();
    }

    @Override
    public BinanceWebSocketEndpoint getEndpoint() {
        return (BinanceWebSocketEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = getEndpoint().getComponent().connect(getEndpoint(), this);
        getEndpoint().getComponent().supervisor().watch(connection);
        connection.open();
    }

    @Override
    protected void doStop() throws Exception {
        if (connection != null) {
            getEndpoint().getComponent().supervisor().forget(connection);
            connection.close();
            connection.whileIdle(guard::checkpoint);
            connection = null;
        }
        super.doStop();
    }

    @Override
    public void onFrame(String frame, long receiveTimeMicros) {
        if (!streamId.equals(MDC.get(MDC_STREAM))) {
            MDC.put(MDC_STREAM, streamId);
        }
        if (FrameScanner.isEvent(frame, "serverShutdown")) {
            LOG.info("Stream {}: the server announced a shutdown; rotating now", key.id());
            StreamConnection c = connection;
            if (c != null) {
                c.rotate("serverShutdown");
            }
            return;
        }
        guard.onFrame(frame, receiveTimeMicros, delivery);
    }

    private void process(String frame, boolean backfilled, long receiveTimeMicros) {
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            in.setBody(frame);
            in.setHeader(StreamHeaders.STREAM_ID, streamId);
            in.setHeader(StreamHeaders.STREAM, streamName);
            in.setHeader(StreamHeaders.SYMBOL, key.symbol());
            in.setHeader(StreamHeaders.KIND, key.kind().code());
            if (key.kind() == StreamKind.KLINE) {
                in.setHeader(StreamHeaders.INTERVAL, key.interval());
            }
            in.setHeader(StreamHeaders.RECEIVE_TIME, receiveTimeMicros);
            if (backfilled) {
                in.setHeader(StreamHeaders.BACKFILLED, Boolean.TRUE);
            }
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
