package io.binancedata.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Binance-compatible exchange on one local port: WebSocket market streams replayed from recorded trade tapes
 * ({@code /ws/<stream>}, {@code /stream?streams=}) and the REST market-data endpoints ({@code /api/v3/...}).
 * Start it with {@link #start(FakeExchangeOptions)}; {@link #close()} stops everything it started.
 */
public final class FakeExchange implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FakeExchange.class);
    private static final long STARTUP_TIMEOUT_SECONDS = 30;
    private static final short GOING_AWAY = 1001;

    private final Vertx vertx;
    private final HttpServer server;
    private final String host;
    private final FakeExchangeOptions options;
    private final ExchangeStats stats;
    private final SessionRegistry sessions;
    private final Burst burst;
    private final ExchangeInfo exchangeInfo;
    private boolean closed;

    private FakeExchange(Vertx vertx, HttpServer server, String host, FakeExchangeOptions options,
                         ExchangeStats stats, SessionRegistry sessions, Burst burst, ExchangeInfo exchangeInfo) {
        this.exchangeInfo = exchangeInfo;
        this.vertx = vertx;
        this.server = server;
        this.host = host;
        this.options = options;
        this.stats = stats;
        this.sessions = sessions;
        this.burst = burst;
    }

    /** Loads the tapes (or the burst) and exchangeInfo, binds the port and returns once it is listening. */
    public static FakeExchange start(FakeExchangeOptions options) {
        Burst burst = burst(options);
        Map<String, SymbolMarket> markets = burst != null ? burst.markets() : new LinkedHashMap<>();
        long origin = Long.MAX_VALUE;
        for (TradeTape tape : burst != null ? List.<TradeTape>of() : options.tapes()) {
            SymbolMarket market = new SymbolMarket(tape, options.loop(), options.loopGap().toMillis());
            markets.put(tape.symbol(), market);
            origin = tape.size() == 0 ? origin : Math.min(origin, market.firstTime());
        }
        ExchangeInfo exchangeInfo = ExchangeInfo.load(options.exchangeInfoFile(), markets.keySet(),
                options.syntheticMarket() == null ? List.of() : options.syntheticMarket().delistedSymbols());
        MarketClock clock = MarketClock.startingNow(origin == Long.MAX_VALUE ? 0 : origin, options.speed());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        ExchangeStats stats = new ExchangeStats();
        SessionRegistry sessions = new SessionRegistry();
        RestHandlers rest = new RestHandlers(exchangeInfo, markets, clock, vertx, options, stats);
        WebSocketEndpoint webSockets = new WebSocketEndpoint(vertx, options,
                new StreamSources(options, markets, clock, stats, burst), stats, sessions);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host())
                        .setPort(options.port()).setMaxWebSocketFrameSize(1 << 20)
                        // a combined URL of 1024 streams is ~20 KB: Vert.x's default 4 KB request line refused it
                        .setMaxInitialLineLength(1 << 16)
                        // plain HTTP/1.1 like Binance: the JDK client's h2c upgrade broke large responses
                        .setHttp2ClearTextEnabled(false))
                .requestHandler((HttpServerRequest request) -> {
                    if (WebSocketEndpoint.handles(request.path())) {
                        webSockets.handle(request);
                    } else {
                        rest.handle(request);
                    }
                });
        try {
            await(server.listen().toCompletionStage());
        } catch (RuntimeException e) {
            await(vertx.close().toCompletionStage());
            throw e;
        }
        String host = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
        FakeExchange exchange = new FakeExchange(vertx, server, host, options, stats, sessions, burst,
                exchangeInfo);
        if (options.syntheticMarket() != null) {
            LOG.info("Fake exchange listening on {} with {}", exchange.wsUrl(), options.syntheticMarket());
        } else if (burst != null) {
            LOG.info("Fake exchange listening on {} with a burst of {}", exchange.wsUrl(), burst.plan());
        } else {
            LOG.info("Fake exchange listening on {} with tapes {} (speed {}, loop {}, {})", exchange.wsUrl(),
                    markets.keySet(), options.speed(), options.loop(), options.replayMode());
        }
        return exchange;
    }

    /** The burst or synthetic market's burst to serve, or {@code null} to replay tapes. */
    private static Burst burst(FakeExchangeOptions options) {
        if (options.burst() != null && options.syntheticMarket() != null) {
            throw new IllegalArgumentException("a burst and a synthetic market exclude each other");
        }
        if (options.syntheticMarket() != null) {
            return Burst.releasedNow(options.syntheticMarket(), options.loopGap(), new SystemEpochNanoClock(),
                    options.burstMarketTradesOn());
        }
        return options.burst() == null ? null : new Burst(options.burst(), options.loopGap(),
                new SystemEpochNanoClock(), options.burstMarketTradesOn());
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code ws://<host>:<port>}; append {@code /ws/<stream>} or {@code /stream?streams=...}. */
    public String wsUrl() {
        return "ws://" + host + ":" + port();
    }

    /** {@code http://<host>:<port>}; append {@code /api/v3/...}. */
    public String restUrl() {
        return "http://" + host + ":" + port();
    }

    /**
     * Lists {@code symbol} in exchangeInfo with {@code status} from the next request on (a listing as Binance's, quote
     * asset from the symbol's end when new): a symbol starts trading, or leaves TRADING. Its market data does not
     * change.
     */
    public void list(String symbol, String status) {
        exchangeInfo.list(symbol, status);
    }

    /** The live fault plan: changes apply to the next upgrades and connections. */
    public FaultPlan faults() {
        return options.faults();
    }

    public ExchangeStats stats() {
        return stats;
    }

    /** Fault: resets every open connection at once (as {@link FaultPlan#resetAfterFrames} does one); returns how many. */
    public int resetAllConnections() {
        List<WebSocketSession> open = sessions.open();
        open.forEach(WebSocketSession::reset);
        return open.size();
    }

    /** The open connections and the most recently closed ones, oldest first. */
    public List<WebSocketSession> sessions() {
        return sessions.all();
    }

    /**
     * The burst's release and send times (burst mode only).
     *
     * @throws IllegalStateException when the exchange was not started with {@link FakeExchangeOptions#burst}
     */
    public BurstLog burst() {
        if (burst == null) {
            throw new IllegalStateException("the fake exchange runs no burst");
        }
        return burst.log();
    }

    public FakeExchangeOptions options() {
        return options;
    }

    /** Closes every connection (close code 1001), the server and its Vert.x instance; waits for them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Future<Void>> closing = sessions.open().stream()
                .map(session -> session.close(GOING_AWAY, "Fake exchange stopping")).toList();
        try {
            await(Future.join(closing).toCompletionStage());
        } catch (IllegalStateException e) {
            LOG.debug("not every connection closed cleanly: {}", e.toString());
        }
        try {
            await(server.close().toCompletionStage());
        } finally {
            await(vertx.close().toCompletionStage());
            LOG.info("Fake exchange on port {} stopped; {}", server.actualPort(), stats);
        }
    }

    private static void await(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the fake exchange", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("fake exchange operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("fake exchange operation timed out", e);
        }
    }
}
