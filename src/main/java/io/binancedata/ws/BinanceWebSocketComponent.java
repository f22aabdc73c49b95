package io.binancedata.ws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.binancedata.sequence.SequenceGuard;
import io.binancedata.sequence.SequenceGuards;
import io.binancedata.stream.ConnectionCounts;
import io.binancedata.stream.HotStandby;
import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamRegistry;
import io.binancedata.stream.StreamStatus;
import io.binancedata.threads.DaemonThreads;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.impl.HttpClientBase;
import io.vertx.core.impl.VertxInternal;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel component {@code binance-ws:<streamId>}: a consumer of one Binance raw stream whose frames reach the route
 * in order, without gaps or duplicates across reconnects and rotations, whose socket really closes when the route
 * stops, and whose state is reported in the {@link StreamRegistry}. One Vert.x {@link WebSocketClient} (TLS with the
 * JDK's trusted certificates and host-name verification; one event loop per processor reads the sockets) and one
 * scheduler serve all streams. Replaces camel-vertx-websocket, which reorders frames and keeps sockets open after
 * stopRoute.
 */
public class BinanceWebSocketComponent extends DefaultComponent implements HotStandby {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceWebSocketComponent.class);
    /** How often at most a streaming guard saves its position (it also saves it when the stream stops). */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private final URI baseUrl;
    private final ConnectionSettings settings;
    private final StreamRegistry registry;
    private final SequenceGuards guards;
    private final AttemptGate gate;
    private final StreamSupervisor supervisor;
    private final int batchMaxMessages;
    private final int drainThreads;
    /** The system clock at microsecond resolution: receiveTime is compared with other hosts' clocks (lag). */
    private final EpochNanoClock clock = SystemEpochNanoClock.INSTANCE;
    private Path spillDirectory;
    private long spillMaxBytes;
    private ExecutorService drains;
    private Vertx vertx;
    private WebSocketClient client;
    private ScheduledExecutorService scheduler;
    /** How streams share connections ({@code binance.connection.max-streams} above 1); null: a connection each. */
    private CombinedSettings sharing;
    /** The shared combined-stream connections while started, null when every stream has its own. */
    private volatile CombinedPool pool;
    /** Where the messages of a shared connection that reach no stream go (the dead letter); none until set. */
    private volatile UnroutedSink unroutedSink = (connection, message, receiveTimeMicros, reason) -> { };
    /** Hot standby ({@link #standByWith}): how streams run elsewhere are kept; null for none. */
    private CombinedPool.StandbySettings standby;
    private ConnectionCounts connectionCounts = new ConnectionCounts();
    private LeaderTerms terms = LeaderTerms.NONE;
    /**
     * How long a stream's route may take no batch while its reader waits before the frames go to the spill: long
     * enough that a route that is merely busy (a burst) keeps plain back-pressure, short against the minutes after
     * which Binance drops a reader that does not read.
     */
    static final Duration SPILL_AFTER = Duration.ofMillis(250);
    /** How long a closing socket waits for the exchange's close frame before its TCP connection is closed. */
    private static final int CLOSING_TIMEOUT_SECONDS = 2;

    /**
     * @param batchMaxMessages most frames one exchange carries ({@code binance.batch.max-messages}); the socket is read
     *                         no further while that many wait for the route
     * @param drainThreads     threads that run the streams' routes ({@code binance.drain.threads})
     */
    public BinanceWebSocketComponent(URI baseUrl, ConnectionSettings settings, StreamRegistry registry,
                                     SequenceGuards guards, AttemptGate gate, StreamSupervisor supervisor,
                                     int batchMaxMessages, int drainThreads) {
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.registry = registry;
        this.guards = guards;
        this.gate = gate;
        this.supervisor = supervisor;
        this.batchMaxMessages = batchMaxMessages;
        this.drainThreads = drainThreads;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException("binance-ws takes no options, got " + parameters.keySet());
        }
        StreamStatus status = registry.status(remaining);
        SequenceGuard guard = guards.current(status);
        return new BinanceWebSocketEndpoint(uri, this, status, guard);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        vertx = newVertx();
        client = newClient(vertx, settings);
        drains = Executors.newFixedThreadPool(this.drainThreads, DaemonThreads.numbered("binance-stream"));
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("binance-reconnect"));
        if (sharing != null) {
            URI base = URI.create(baseUrl.toASCIIString());
            CombinedPool shared = new CombinedPool(name -> new CombinedConnection(name, client, base, settings, sharing,
                    scheduler, clock, gate, (message, reason) -> unroutedSink.unrouted(name, message.toString(),
                            epochMicros(), reason)), standby);
            pool = shared;
            connectionCounts.countSharedWith(shared::size);
            supervisor.watchPool(shared);
        }
        guards.startSaving();
    }

    @Override
    protected void doStop() throws Exception {
        if (pool != null) {
            supervisor.watchPool(null);
            pool.close();
            pool = null;
            connectionCounts.countSharedWith(null);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (vertx != null) {
            try {
                // closes the client and any socket still open; its threads end
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSING_TIMEOUT_SECONDS + 1L,
                        TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.warn("The streams' Vert.x instance did not close within {} s", CLOSING_TIMEOUT_SECONDS + 1);
            } finally {
                vertx = null;
            }
        }
        if (drains != null) {
            drains.shutdown();
        }
        unroutedSink.drain(); // every connection has closed: no message can reach it any more
        guards.stopSaving();
        super.doStop();
    }

    /**
     * The streams' own Vert.x: one event loop per processor reads the sockets, apart from the control plane's HTTP
     * servers; no file cache in the working folder.
     */
    static Vertx newVertx() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors())
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        // Vert.x 4.5 cancels a WebSocket's handshake timer only when its id is above 0, and a new instance's first
        // timer has id 0: without this, the first connection made would be closed (code 1000) once the connect
        // timeout has passed, however well it streams. This timer takes id 0 and fires at once.
        vertx.setTimer(1, id -> { });
        return vertx;
    }

    /**
     * The WebSocket client of every stream: TLS with the JDK's trusted certificates and host-name verification, no
     * pool limit (every stream has its own connection, and the {@link AttemptGate} paces them), messages up to
     * {@link StreamConnection#MAX_MESSAGE_BYTES}.
     */
    static WebSocketClient newClient(Vertx vertx, ConnectionSettings settings) {
        return vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .setVerifyHost(true).setTrustAll(false)
                .setMaxConnections(Integer.MAX_VALUE)
                .setMaxFrameSize(StreamConnection.MAX_MESSAGE_BYTES)
                .setMaxMessageSize(StreamConnection.MAX_MESSAGE_BYTES)
                .setClosingTimeout(CLOSING_TIMEOUT_SECONDS));
    }

    /**
     * A context of its own on the next of {@code client}'s event loops (round robin), for one connection's attempts:
     * {@link StreamConnection} and {@link CombinedConnection} connect from within it. Vert.x 4.5's
     * {@code WebSocketClient.connect} resumes the new socket before it calls back; a callback bound to a context other
     * than the one emitting it runs in a later event-loop task, and the frames read meanwhile (those that came with the
     * handshake response) find no handler and are dropped. Connecting from a context keeps every callback of the
     * handshake on that context, so the handlers are in place before a frame is read (internal API, pinned by the
     * Vert.x version, as the timer above).
     */
    static Context connectionContext(WebSocketClient client) {
        return ((VertxInternal) ((HttpClientBase) client).vertx()).createEventLoopContext();
    }

    /** The one scheduler of the component (reconnects, pings, the inboxes' stuck checks). */
    ScheduledExecutorService timer() {
        return scheduler;
    }

    int batchMaxMessages() {
        return batchMaxMessages;
    }

    /**
     * Gives every stream a spill on disk in {@code directory} ({@code binance.inbox.spill-dir}, a file set per stream)
     * bounded by {@code maxBytes}: frames beyond {@code batchMaxMessages} waiting for the route go there instead of
     * stopping the socket. Call before streams start; without it a stream's socket is read no further while
     * {@code batchMaxMessages} frames wait.
     */
    public void spillTo(Path directory, long maxBytes) {
        this.spillDirectory = directory;
        this.spillMaxBytes = maxBytes;
    }

    /** The fence of a cluster instance: each batch carries its group's current term ({@link LeaderTerms}). */
    public void fenceWith(LeaderTerms leaderTerms) {
        this.terms = leaderTerms;
    }

    LeaderTerms terms() {
        return terms;
    }

    /**
     * Streams share combined-stream connections, at most {@code maxStreams} on one ({@code
     * binance.connection.max-streams}); 1 gives every stream its own raw-stream connection. Before start.
     *
     * @param clientPing   a shared connection is pinged this long after its previous ping was answered
     *                     ({@code binance.watchdog.client-ping})
     * @param pongDeadline a ping unanswered this long drops the shared connection ({@code
     *                     binance.watchdog.pong-deadline}; each frame read restarts the wait)
     * @param counts       where the number of shared connections open is kept (for the metrics)
     */
    public void shareConnections(int maxStreams, Duration clientPing, Duration pongDeadline, ConnectionCounts counts) {
        CombinedSettings combined = CombinedSettings.defaults().withMaxStreams(maxStreams) // 1 to 1,024, or throws
                .withPings(clientPing, pongDeadline);
        this.sharing = maxStreams > 1 ? combined : null;
        this.connectionCounts = counts;
    }

    /**
     * Keeps what a shared connection receives that reaches no stream — a malformed message, data of a stream it does
     * not carry, an answer to no request — counted and logged by the connection, and handed to {@code sink} (the dead
     * letter) on the reader's thread: the sink must not block.
     */
    public void keepUnroutedIn(UnroutedSink sink) {
        this.unroutedSink = sink;
    }

    /** Receives the messages of a shared connection that reach no stream (see {@link #keepUnroutedIn}). */
    @FunctionalInterface
    public interface UnroutedSink {
        /**
         * @param connection the connection's name, e.g. {@code combined-3}
         * @param message    the message verbatim
         * @param reason     why it reached no stream
         */
        void unrouted(String connection, String message, long receiveTimeMicros, String reason);

        /**
         * Called when the component stops, once every connection has closed: returns when what it was handed is kept
         * (or given up on, and said so).
         */
        default void drain() {
        }
    }

    /**
     * Makes this instance a hot standby of a cluster: the streams of the groups another instance leads are subscribed
     * too ({@link #standBy}), their frames kept for {@code retention} (at most {@code maxFrames} a stream), and a
     * take-over starts each stream with them. Needs shared connections ({@link #shareConnections}); set before the
     * component starts.
     */
    public void standByWith(Duration retention, int maxFrames) {
        if (sharing == null) {
            throw new IllegalStateException("a hot standby needs shared connections (binance.connection.max-streams "
                    + "above 1)");
        }
        if (retention.toNanos() < 1_000 || maxFrames < StandbyStream.SEGMENT_FRAMES) {
            // refused here, not at each stream's subscription (which would stop every stream, the leader's too)
            throw new IllegalArgumentException("a hot standby keeps frames for a positive retention (at least 1 µs), "
                    + "at least " + StandbyStream.SEGMENT_FRAMES + " a stream: " + retention + ", " + maxFrames);
        }
        this.standby = new CombinedPool.StandbySettings(retention, maxFrames);
    }

    /**
     * Hot standby: the streams (Binance names, {@code btcusdt@trade}) whose frames this instance keeps from now on for
     * a take-over, the streams of the groups another instance leads; nothing without a hot standby or once stopped.
     */
    @Override
    public void standBy(Set<String> streamNames) {
        CombinedPool shared = pool;
        if (shared != null) {
            shared.standBy(streamNames);
        }
    }

    /**
     * Hot standby: a take-over of these streams begins — their kept frames are not dropped for their age until their
     * routes run (an empty set: none is being taken over).
     */
    @Override
    public void holdForTakeOver(Set<String> streamNames) {
        CombinedPool shared = pool;
        if (shared != null) {
            shared.holdForTakeOver(streamNames);
        }
    }

    /** Streams kept for a take-over, confirmed by the exchange and not run here now (0 without a hot standby). */
    @Override
    public int standingBy() {
        CombinedPool shared = pool;
        return shared == null ? 0 : shared.standingBy();
    }

    /** Frames a hot standby keeps now for a take-over, all streams together (0 without a hot standby). */
    @Override
    public long framesKept() {
        CombinedPool shared = pool;
        return shared == null ? 0 : shared.framesKept();
    }

    /** The shared connections, null when every stream has its own (then {@link #connect} gives it one). */
    CombinedPool pool() {
        return pool;
    }

    /** The spill folder, null when streams have no spill. */
    Path spillDirectory() {
        return spillDirectory;
    }

    long spillMaxBytes() {
        return spillMaxBytes;
    }

    /**
     * Runs the streams' drains (frames through their routes): a fixed pool shared by every stream, in turns of one
     * batch each, so that streams waiting for a thread gather bigger batches and the thread count stays bounded
     * however many streams run.
     */
    Executor drainExecutor() {
        return drains;
    }

    /** Now on the clock receive times are taken from, µs since the epoch. */
    long epochMicros() {
        return clock.nanoTime() / 1000;
    }

    /** How long a stopping stream waits for the frames it already read to go through its route. */
    long drainTimeoutMillis() {
        return getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(getCamelContext().getShutdownStrategy().getTimeout());
    }

    StreamSupervisor supervisor() {
        return supervisor;
    }

    StreamConnection connect(BinanceWebSocketEndpoint endpoint, StreamConnection.FrameHandler handler) {
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        URI ascii = URI.create(URI.create(base + "ws/" + endpoint.status().key().streamName()).toASCIIString());
        return new StreamConnection(client, ascii, settings, scheduler, endpoint.status(), handler, clock, gate);
    }
}
