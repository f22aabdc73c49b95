package io.binancedata.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /** Makes a new (not yet open) connection of the given name. */
    private final Function<String, CombinedConnection> newConnection;
    private final List<CombinedConnection> connections = new ArrayList<>();
    private int opened;

    CombinedPool(Function<String, CombinedConnection> newConnection) {
        this.newConnection = newConnection;
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
        CombinedConnection connection = newConnection.apply("combined-" + ++opened);
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
        connections.forEach(connection -> {
            connection.close();
        });
        connections.clear();
    }
}
