package io.binancedata.ws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import io.vertx.core.http.WebSocketClient;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's shared combined-stream connections ({@code binance.connection.max-streams} above 1): a stream
 * starting rides the first connection with room, and a new connection is opened only when none has; a stream stopping
 * is unsubscribed, and a connection left without streams is closed. Thread-safe (streams start and stop on Camel's
 * threads).
 */
final class CombinedPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CombinedPool.class);

    private final WebSocketClient client;
    private final URI baseUri;
    private final ConnectionSettings settings;
    private final CombinedSettings combined;
    private final ScheduledExecutorService scheduler;
    private final EpochNanoClock clock;
    private final AttemptGate gate;
    private final List<CombinedConnection> connections = new ArrayList<>();
    private int opened;

    CombinedPool(WebSocketClient client, URI baseUri, ConnectionSettings settings, CombinedSettings combined,
                 ScheduledExecutorService scheduler, EpochNanoClock clock, AttemptGate gate) {
        this.client = client;
        this.baseUri = baseUri;
        this.settings = settings;
        this.combined = combined;
        this.scheduler = scheduler;
        this.clock = clock;
        this.gate = gate;
    }

    /**
     * Carries {@code stream} on a connection with room, opening one when none has.
     *
     * @return the connection that carries it (to {@link #unsubscribe} it from)
     */
    synchronized CombinedConnection subscribe(String stream, StreamConnection.FrameHandler handler,
                                              CombinedConnection.StreamListener listener) {
        for (CombinedConnection connection : connections) {
            if (connection.hasRoom() && connection.subscribe(stream, handler, listener)) {
                return connection;
            }
        }
        CombinedConnection connection = new CombinedConnection("combined-" + ++opened, client, baseUri, settings,
                combined, scheduler, clock, gate, (message, reason) -> { /* counted and logged by the connection */ });
        if (!connection.subscribe(stream, handler, listener)) {
            throw new IllegalStateException("a new connection refused its first stream " + stream);
        }
        connections.add(connection);
        LOG.info("Stream {} opens shared connection combined-{} ({} shared connections)", stream, opened,
                connections.size());
        connection.open();
        return connection;
    }

    /** Stops carrying {@code stream}; closes its connection when no stream is left on it. */
    synchronized void unsubscribe(CombinedConnection connection, String stream) {
        connection.unsubscribe(stream);
        if (connection.streamCount() == 0 && connections.remove(connection)) {
            connection.close();
        }
    }

    /** Shared connections open now. */
    synchronized int size() {
        return connections.size();
    }

    @Override
    public synchronized void close() {
        connections.forEach(CombinedConnection::close);
        connections.clear();
    }
}
