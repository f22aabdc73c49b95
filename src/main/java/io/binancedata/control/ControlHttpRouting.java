package io.binancedata.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.binancedata.api.Echo;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The Vert.x side of the control API's HTTP server, so that every answer, not only the routes', is the documented
 * JSON ({@link ErrorReply}):
 * <ul>
 * <li>{@link #check} runs on every control route before Camel sees the request: {@link HostGuard} (403), and a query
 * on any request but GET /streams (400: Camel would make its parameters message headers);</li>
 * <li>a last route answers requests no route took: 405 with {@code Allow} on a served path, 404 elsewhere;</li>
 * <li>a failure handler answers what the server itself refused or failed: 413 (body above
 * {@code camel.server.max-body-size}, not logged: it is the caller's error), 400, and 500 with the cause logged
 * ({@link ErrorLog}); a client that closed the connection mid-request is logged at INFO, not answered.</li>
 * </ul>
 */
final class ControlHttpRouting {
    /** The one path that takes a query, with GET: the stream table's filters ({@link StreamQuery}). */
    private static final String LIST_PATH = "/streams";
    private static final String QUERY_REFUSAL = "Only GET /streams takes a query (state, symbol, kind, offset, limit)";
    private final HostGuard guard;
    private final ControlPaths paths = new ControlPaths();
    private final Long maxBodySize;
    private final ErrorLog errors = new ErrorLog(LoggerFactory.getLogger(ControlHttpRouting.class),
            Duration.ofMinutes(1), System::nanoTime);

    ControlHttpRouting(HostGuard guard, Long maxBodySize) {
        this.guard = guard;
        this.maxBodySize = maxBodySize;
    }

    /** Adds the failure handler (first) and the route of unmatched requests (last) to the server's router. */
    void installOn(Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        router.route().order(Integer.MAX_VALUE).handler(this::unmatched);
    }

    ControlPaths paths() {
        return paths;
    }

    /** Lets the request through to its route, or answers 403 ({@link HostGuard}). */
    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        SocketAddress local = request.localAddress();
        List<String> hosts = request.headers().getAll("Host");
        if (hosts.isEmpty() && request.version() == HttpVersion.HTTP_2 && request.authority() != null) {
            hosts = List.of(request.authority().toString());   // HTTP/2 (h2c upgrade too): :authority, no Host
        }
        String refusal = guard.refusal(hosts, request.headers().getAll("Origin"),
                local == null ? null : local.hostAddress(), request.isSSL());
        if (refusal != null) {
            reply(ctx, new ErrorReply(403, "Forbidden", refusal), null);
        } else if (hasQuery(request) && !(listing(request.method()) && LIST_PATH.equals(ctx.normalizedPath()))) {
            // Camel makes each query parameter a message header: ?Authorization=… or ?Content-Type=… would stand in
            // for the request's own headers, ?id=… for the path's id
            reply(ctx, new ErrorReply(400, "InvalidRequestException", QUERY_REFUSAL), null);
        } else {
            ctx.next();
        }
    }

    /** GET, or HEAD, which is answered wherever GET is: the stream table's filters are the query they may carry. */
    private static boolean listing(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    private static boolean hasQuery(HttpServerRequest request) {
        String query = request.query();
        return query != null && !query.isEmpty();
    }

    private void unmatched(RoutingContext ctx) {
        Optional<List<String>> methods = paths.allowedMethods(ctx.normalizedPath());
        if (methods.isPresent()) {
            String allow = String.join(", ", methods.get());
            reply(ctx, new ErrorReply(405, "MethodNotAllowed", "Method " + Echo.of(ctx.request().method().name())
                    + " not allowed here; allowed: " + allow), allow);
        } else {
            reply(ctx, new ErrorReply(404, "NotFound", "No such path (the control API serves "
                    + String.join(", ", paths.templates()) + ")"), null);
        }
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.failure() instanceof HttpClosedException closed) { // nobody to answer
            errors.report("HTTP request " + ctx.request().method().name() + " " + Echo.of(ctx.normalizedPath())
                    + ": the client closed the connection before it was answered", closed, Level.INFO);
        } else if (status == 413) {
            reply(ctx, new ErrorReply(413, "PayloadTooLarge", "Request body larger than "
                    + (maxBodySize == null ? "the limit" : maxBodySize + " bytes") + " (camel.server.max-body-size)"),
                    null);
        } else if (status >= 400 && status < 500) {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            reply(ctx, new ErrorReply(status, reason.replace(" ", ""), reason), null);
        } else {
            Throwable cause = ctx.failure() != null ? ctx.failure()
                    : new IllegalStateException("HTTP status " + status + " without a cause");
            errors.report("HTTP request " + ctx.request().method().name() + " " + Echo.of(ctx.normalizedPath()), cause,
                    false);
            reply(ctx, new ErrorReply(500, "InternalError", ErrorReply.INTERNAL_MESSAGE), null);
        }
    }

    private static void reply(RoutingContext ctx, ErrorReply reply, String allow) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            if (!response.ended()) {
                ctx.request().connection().close();
            }
            return;
        }
        response.setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
        if (allow != null) {
            response.putHeader("Allow", allow);
        }
        response.end(reply.json());
    }
}
