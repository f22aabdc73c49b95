package io.binancedata.fake;

import io.binancedata.fake.FaultPlan.UpgradeRejection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket upgrades: {@code /ws/<stream>} and {@code /ws} (bare events), {@code /stream?streams=<a>/<b>} and
 * {@code /stream} (wrapped events); streams can be added and removed later by SUBSCRIBE and UNSUBSCRIBE
 * ({@link ConnectionSubscriptions}). A malformed stream name gets HTTP 400; a well-formed one for a symbol without a
 * tape is accepted and stays silent, like Binance. Binance's limits: more than
 * {@link FakeExchangeOptions#maxStreamsPerConnection} streams in the URL get HTTP 400 {@code {"code":2,"msg":"Invalid
 * request: too many streams"}}, and an IP over {@link FakeExchangeOptions#connectionAttemptLimit} attempts in the
 * window gets HTTP 429 {@code {"code":-1003,…}} (both answers guessed: Binance documents the limits only). The
 * {@link FaultPlan} may reject the upgrade after those.
 */
final class WebSocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    /** The message of the answer to an attempt over the limit (guessed: Binance documents the limit, not its answer). */
    static final String TOO_MANY_ATTEMPTS = "Too many connection attempts.";

    private final Vertx vertx;
    private final FakeExchangeOptions options;
    private final ExchangeStats stats;
    private final SessionRegistry sessions;
    private final StreamSources sources;
    private final ConnectionAttempts attempts;
    private final AtomicLong ids = new AtomicLong();

    WebSocketEndpoint(Vertx vertx, FakeExchangeOptions options, StreamSources sources, ExchangeStats stats,
                      SessionRegistry sessions) {
        this.vertx = vertx;
        this.options = options;
        this.sources = sources;
        this.stats = stats;
        this.sessions = sessions;
        this.attempts = options.connectionAttemptLimit() > 0 ? new ConnectionAttempts(
                options.connectionAttemptLimit(), options.connectionAttemptWindow().toNanos()) : null;
    }

    static boolean handles(String path) {
        return path.startsWith("/ws/") || path.equals("/ws") || path.equals("/stream");
    }

    void handle(HttpServerRequest request) {
        if (attempts != null && !attempts.tryAcquire(remoteIp(request), System.nanoTime())) {
            stats.onConnectionAttemptRefused();
            reject(request, 429, FakeJson.error(-1003, TOO_MANY_ATTEMPTS), null);
            return;
        }
        boolean combined = request.path().equals("/stream");
        Optional<List<StreamName>> streams = requestedStreams(request, combined);
        if (streams.isEmpty()) {
            reject(request, 400, FakeJson.error(2, ControlRequest.INVALID_STREAM), null);
            return;
        }
        if (streams.get().size() > options.maxStreamsPerConnection()) {
            reject(request, 400, FakeJson.error(2, ConnectionSubscriptions.TOO_MANY_STREAMS), null);
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
        request.toWebSocket().onSuccess(socket -> accept(request, socket, names, combined))
                .onFailure(error -> LOG.warn("WebSocket upgrade of {} failed: {}", request.uri(), error.toString()));
    }

    private void accept(HttpServerRequest request, ServerWebSocket socket, List<StreamName> names, boolean combined) {
        stats.onConnectionAccepted();
        List<String> streamNames = names.stream().map(StreamName::name).toList();
        WebSocketSession session = new WebSocketSession(ids.incrementAndGet(), streamNames, combined, socket,
                request.connection(), vertx, stats);
        ConnectionSubscriptions subscriptions = new ConnectionSubscriptions(session, combined, sources,
                options.maxStreamsPerConnection(), options.faults());
        subscriptions.subscribeAtOpen(names);
        sessions.opened(session);
        LOG.debug("connection {} opened for {}", session.id(), streamNames);
        session.start(options, subscriptions, sessions::closed);
        Burst burst = sources.burst();
        if (burst != null) {
            if (!burst.plan().isSteady()) {
                session.consolidateFlushes(Replayer.BATCH);
            }
            subscriptions.announce(names);
        }
    }

    /**
     * The streams of the URL: {@code /ws/<stream>}, {@code /stream?streams=a/b}; none for a bare {@code /ws} or
     * {@code /stream} (streams come by SUBSCRIBE then). Empty when a name is malformed or the list is empty.
     */
    private Optional<List<StreamName>> requestedStreams(HttpServerRequest request, boolean combined) {
        if (combined) {
            String param = request.getParam("streams");
            return param == null ? Optional.of(List.of()) : combinedStreams(param);
        }
        if (request.path().equals("/ws")) {
            return Optional.of(List.of());
        }
        return StreamName.decodePath(request.path().substring(3)).map(this::singleStream)
                .filter(names -> !names.isEmpty());
    }

    private static String remoteIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
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
