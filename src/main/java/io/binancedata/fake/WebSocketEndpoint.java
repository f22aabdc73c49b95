package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.fake.FaultPlan.UpgradeRejection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket upgrades: {@code /ws/<stream>} (bare events) and {@code /stream?streams=<a>/<b>} (wrapped events).
 * A malformed stream name gets HTTP 400; a well-formed one for a symbol without a tape is accepted and stays
 * silent, like Binance. The {@link FaultPlan} may reject the upgrade first.
 */
final class WebSocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final Vertx vertx;
    private final FakeExchangeOptions options;
    private final Map<String, SymbolMarket> markets;
    private final MarketClock clock;
    private final ExchangeStats stats;
    private final SessionRegistry sessions;
    private final Burst burst;
    private final AtomicLong ids = new AtomicLong();

    /** @param burst the burst whose streams this endpoint serves, or {@code null} to replay the markets' tapes */
    WebSocketEndpoint(Vertx vertx, FakeExchangeOptions options, Map<String, SymbolMarket> markets, MarketClock clock,
                      ExchangeStats stats, SessionRegistry sessions, Burst burst) {
        this.vertx = vertx;
        this.options = options;
        this.markets = markets;
        this.clock = clock;
        this.stats = stats;
        this.sessions = sessions;
        this.burst = burst;
    }

    static boolean handles(String path) {
        return path.startsWith("/ws/") || path.equals("/ws") || path.equals("/stream");
    }

    void handle(HttpServerRequest request) {
        boolean combined = request.path().equals("/stream");
        Optional<List<StreamName>> streams = combined ? combinedStreams(request.getParam("streams"))
                : StreamName.decodePath(request.path().substring(3)).map(this::singleStream);
        if (streams.isEmpty() || streams.get().isEmpty()) {
            reject(request, 400, FakeJson.error(2, "Invalid request: invalid stream"), null);
            return;
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            reject(request, 400, FakeJson.error(-1, "WebSocket upgrade expected."), null);
            return;
        }
        UpgradeRejection rejection = options.faults().nextUpgradeRejection();
        if (rejection != null) {
            String body = rejection.status() == 429 ? FakeJson.error(-1003, "Too many requests.")
                    : FakeJson.error(-1, "Service unavailable (fault injected).");
            reject(request, rejection.status(), body, rejection);
            return;
        }
        List<StreamName> names = streams.get();
        request.toWebSocket().onSuccess(socket -> {
            stats.onConnectionAccepted();
            List<String> streamNames = names.stream().map(StreamName::name).toList();
            WebSocketSession session = new WebSocketSession(ids.incrementAndGet(), streamNames, combined, socket,
                    request.connection(), vertx, stats);
            Replayer replayer = burst != null ? burstReplayer(session, names, combined)
                    : replayer(session, names, combined);
            sessions.opened(session);
            LOG.debug("connection {} opened for {}", session.id(), streamNames);
            session.start(options.pingInterval(), options.pongDeadline(), options.connectionLifetime(), replayer,
                    closed -> {
                        sessions.closed(closed);
                        if (burst != null) {
                            burst.onClosed(names);
                        }
                    });
            if (burst != null) {
                if (!burst.plan().isSteady()) {
                    session.consolidateFlushes(Replayer.BATCH);
                }
                burst.onOpened(names, () -> session.context().runOnContext(ignored -> replayer.wake()));
            }
        }).onFailure(error -> LOG.warn("WebSocket upgrade of {} failed: {}", request.uri(), error.toString()));
    }

    private List<StreamName> singleStream(String decoded) {
        if (!decoded.startsWith("/")) {
            return List.of();
        }
        return StreamName.parse(decoded.substring(1)).map(List::of).orElse(List.of());
    }

    private static Optional<List<StreamName>> combinedStreams(String param) {
        if (param == null || param.isEmpty()) {
            return Optional.empty();
        }
        List<StreamName> names = new ArrayList<>();
        for (String name : param.split("/", -1)) {
            Optional<StreamName> parsed = StreamName.parse(name);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            names.add(parsed.get());
        }
        return Optional.of(names);
    }

    private Replayer replayer(WebSocketSession session, List<StreamName> names, boolean combined) {
        boolean global = options.replayMode() == ReplayMode.GLOBAL_CLOCK && !clock.unpaced();
        long now = global ? clock.exchangeNow() : Long.MIN_VALUE;
        List<FrameSource> sources = new ArrayList<>();
        for (StreamName name : names) {
            SymbolMarket market = markets.get(name.symbol());
            if (market != null) {
                sources.add(source(name, market, global, now));
            }
        }
        FrameSource source = sources.isEmpty() ? FrameSource.SILENT
                : combined ? new CombinedFrameSource(sources) : sources.get(0);
        return new Replayer(session, source, options.faults().onConnection(), stats, global ? () -> clock : null,
                options.speed(), now);
    }

    /**
     * A burst connection: silent until the burst is released, then unpaced or at the plan's steady rate on the clock
     * started at the release.
     */
    private Replayer burstReplayer(WebSocketSession session, List<StreamName> names, boolean combined) {
        List<FrameSource> sources = new ArrayList<>();
        for (StreamName name : names) {
            burst.source(name).ifPresent(sources::add);
        }
        FrameSource source = sources.isEmpty() ? FrameSource.SILENT
                : combined ? new CombinedFrameSource(sources) : sources.get(0);
        boolean steady = burst.plan().isSteady();
        return new Replayer(session, source, options.faults().onConnection(), stats,
                steady ? burst::releaseClock : null, steady ? 1.0 : 0, Long.MIN_VALUE);
    }

    private static FrameSource source(StreamName name, SymbolMarket market, boolean global, long now) {
        TradeSequence sequence = market.sequence();
        if (!name.isKline()) {
            long start = global ? Math.max(0, sequence.firstSeqAtOrAfter(now)) : 0;
            return new TradeFrameSource(name.name(), market, start);
        }
        long start = global
                ? Math.max(0, sequence.firstSeqAtOrAfter(KlineIntervals.openTime(name.interval(), now))) : 0;
        return new KlineFrameSource(name.name(), market, name.interval(), start);
    }

    private void reject(HttpServerRequest request, int status, String body, UpgradeRejection rejection) {
        stats.onUpgradeRejected();
        LOG.debug("upgrade {} rejected with {}", request.uri(), status);
        HttpServerResponse response = request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json;charset=UTF-8");
        if (rejection != null && rejection.retryAfter() != null) {
            response.putHeader("Retry-After", Long.toString(Math.max(0, rejection.retryAfter().toSeconds())));
        }
        response.end(body);
    }
}
