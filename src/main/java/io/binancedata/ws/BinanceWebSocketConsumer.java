package io.binancedata.ws;

import io.binancedata.sequence.FrameScanner;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads one stream's socket and feeds the route a batch at a time. The socket's reader only copies each frame into
 * the stream's {@link FrameInbox} and reads on; the stream's drain (a pool thread) takes whatever has arrived since
 * its last batch and sends it through the route as one exchange — the pipeline (sequence guard, JSON → SBE, emit
 * filter), then the sinks. Frames keep their order end to end. A {@code serverShutdown} event rotates the connection.
 * <p>
 * The position is checkpointed only after the sinks accepted a batch; a batch the sinks refused holds the checkpoint
 * (see {@link SequenceGuard#holdCheckpoints}). Stopping closes the socket first, then waits until every frame already
 * read has been through the route (frames spilled to disk included), then saves the position: nothing read is dropped
 * by a stop — except the frames behind a gap not yet fetched (waiting for the gap fetcher's turn, the REST budget or a
 * retry): the stop does not wait for it; the stream ends before the gap, its checkpoint too, and the next start
 * fetches the gap and those frames over REST.
 */
public class BinanceWebSocketConsumer extends DefaultConsumer implements StreamConnection.FrameHandler,
        DeliveredPosition {
    /** MDC key holding the stream id while a stream's frames are processed (log pattern {@code %X{streamId}}). */
    public static final String MDC_STREAM = "streamId";
    private static final Logger LOG = LoggerFactory.getLogger(BinanceWebSocketConsumer.class);

    private final StreamKey key;
    private final StreamStatus status;
    /** key.id() and key.streamName(), built once: they are set on every batch. */
    private final String streamId;
    private final String streamName;
    private final SequenceGuard guard;
    /** The cluster's fence ({@link LeaderTerms#NONE} without one) and the group of this stream. */
    private LeaderTerms terms = LeaderTerms.NONE;
    private int group;
    private FrameInbox inbox;
    /** Where frames go while the route is more than a batch behind; null when spilling is off. */
    private FrameSpill spill;
    private StreamConnection connection;
    /** Whether a shared combined-stream connection of the component's pool carries this stream. */
    private boolean shared;
    /**
     * Frames handed to the inbox, and frames the drain has been through the route with: equal when every frame read is
     * through the sequence guard. Each written by one thread at a time (the socket's reader under the connection's
     * delivery lock; the stream's one drain), read by the supervisor and the data-stall probe.
     */
    private volatile long framesOffered;
    private volatile long framesDrained;

    BinanceWebSocketConsumer(BinanceWebSocketEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.status = endpoint.status();
        this.key = status.key();
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
        BinanceWebSocketComponent component = getEndpoint().getComponent();
        terms = component.terms();
        group = terms.group(key.symbol());
        spill = component.spillDirectory() == null ? null : FrameSpill.open(component.spillDirectory(), streamId,
                component.spillMaxBytes(), new FrameSpill.Listener() {
                    @Override
                    public void onSpilled() {
                        status.onSpilled();
                    }

                    @Override
                    public void onFull() {
                        status.onSpillFull();
                    }
                });
        inbox = new FrameInbox(component.batchMaxMessages(), component.drainExecutor(), this::drain, spill,
                component.timer(), BinanceWebSocketComponent.SPILL_AFTER.toNanos());
        guard.resumeFills(inbox::wake);
        CombinedPool pool = component.pool();
        if (pool != null) {
            status.transition(StreamState.CONNECTING, null);
            component.supervisor().watchShared(status, streamName, inbox, this);
            pool.subscribe(streamName, this, new SharedConnectionListener());
            shared = true;
            return;
        }
        connection = component.connect(getEndpoint(), this);
        getEndpoint().getComponent().supervisor().watch(connection, this, inbox);
        connection.open();
    }

    /** What a shared connection tells this stream, shown in its state. */
    private final class SharedConnectionListener implements CombinedConnection.StreamListener {
        @Override
        public void subscribed(String stream) {
            status.transition(StreamState.STREAMING, null);
        }

        @Override
        public void subscriptionFailed(String stream, String cause) {
            status.transition(StreamState.FAILED, "subscription refused: " + cause);
        }

        @Override
        public void lost(String stream, String cause) {
            status.onReconnect();
            status.transition(StreamState.RECONNECTING, "shared connection lost: " + cause);
        }

        @Override
        public void failed(String stream, String cause) {
            status.transition(StreamState.FAILED, "shared connection lost: " + cause);
        }

        @Override
        public void rotated(String stream) {
            status.onRotation();
            status.transition(StreamState.STREAMING, null);
        }
    }

    @Override
    protected void doStop() throws Exception {
        boolean reading = connection != null || shared;
        if (shared) {
            getEndpoint().getComponent().supervisor().forgetShared(status);
            CombinedPool pool = getEndpoint().getComponent().pool();
            if (pool != null) { // null: the component stopped first and closed every shared connection
                pool.unsubscribe(streamName);
            }
            shared = false;
            status.transition(StreamState.STOPPED, null);
        }
        if (connection != null) {
            getEndpoint().getComponent().supervisor().forget(connection);
            connection.close();
            connection = null;
        }
        if (reading) {
            // a gap fill waiting to try again gives up (holding the checkpoint before the gap) instead of the stop
            guard.stopFills();
            long wait = getEndpoint().getComponent().drainTimeoutMillis();
            if (!inbox.awaitDrained(wait)) {
                LOG.warn("Stream {}: frames still in flight after {} ms; stopping anyway (its checkpoint stays before "
                        + "them)", streamId, wait);
                guard.holdCheckpoints("stopped with " + inbox.pending() + " frames not yet delivered");
            }
            inbox.releaseReader(); // left its connection: a reader it paused must not wait for a stuck route
            guard.checkpoint();
        }
        if (spill != null) {
            spill.close();
            spill = null;
        }
        super.doStop();
    }

    @Override
    public boolean onFrame(CharSequence frame, long receiveTimeMicros, Runnable resume) {
        if (FrameScanner.isEvent(frame, "serverShutdown")) {
            LOG.info("Stream {}: the server announced a shutdown; rotating now", streamId);
            StreamConnection c = connection;
            if (c != null) {
                c.rotate("serverShutdown");
            }
            return true;
        }
        framesOffered = framesOffered + 1;
        return inbox.offer(frame, receiveTimeMicros, resume);
    }

    @Override
    public boolean settled() {
        // drained first: it never exceeds offered, so equal counts read in this order mean that, when drained was
        // read, everything offered had been drained (and the guard's position written before it is visible)
        long drained = framesDrained;
        return framesOffered == drained;
    }

    @Override
    public long lastTradeId() {
        return guard.lastTradeId();
    }

    /** A trade stream's missed trades; nothing for a kline stream, whose gap is filled at its next candle. */
    @Override
    public void catchUp(long tradeId) {
        FrameInbox current = inbox;
        if (current != null && key.kind() == StreamKind.TRADE) {
            current.catchUp(tradeId, getEndpoint().getComponent().epochMicros());
        }
    }

    /** One batch through the route, on the drain's thread. */
    private void drain(FrameBatch frames) {
        int count = frames.count();
        if (!streamId.equals(MDC.get(MDC_STREAM))) {
            MDC.put(MDC_STREAM, streamId);
        }
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            in.setBody(frames);
            in.setHeader(StreamHeaders.STREAM_ID, streamId);
            in.setHeader(StreamHeaders.STREAM, streamName);
            in.setHeader(StreamHeaders.SYMBOL, key.symbol());
            in.setHeader(StreamHeaders.KIND, key.kind().code());
            if (key.kind() == StreamKind.KLINE) {
                in.setHeader(StreamHeaders.INTERVAL, key.interval());
            }
            if (terms.clustered()) {
                in.setHeader(StreamHeaders.LEADER_TERM, terms.current(group));
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            completed(exchange);
        } finally {
            releaseExchange(exchange, false);
            // frames held back for a gap being fetched come back in a later batch, and count then
            framesDrained = framesDrained + count - frames.held();
        }
    }

    private void completed(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure != null) {
            getExceptionHandler().handleException("Error processing frames of " + streamId, exchange, failure);
        }
        if (failure == null && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
            EventBatch events = exchange.getProperty(StreamHeaders.EVENTS_PROPERTY, EventBatch.class);
            if (events != null) {
                status.onMessages(events, getEndpoint().getComponent().epochMicros());
            }
            status.onBatchDelivered();
            guard.checkpointIfDue();
        } else {
            Throwable cause = failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            guard.holdCheckpoints(StreamConnection.describe(cause));
        }
    }
}
