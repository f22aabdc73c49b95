package io.binancedata.control;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.api.Echo;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.apache.camel.Exchange;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front end's bean (routes/http-control.yaml): checks the bearer token of mutating calls, reads each request
 * into one typed call of {@link StreamManager}, and answers with the control interfaces' JSON ({@link ControlReplies})
 * or, for an error, {@link ErrorReply}.
 * <pre>
 * GET    /streams[?state=&symbol=&kind=&offset=&limit=]      -> {"action":"list","total":N,...}
 * POST   /streams  {"kind":"trade","symbols":["BTCUSDT"]}     -> {"action":"start",...}   409 when all already ran
 * GET    /streams/{id}  (trade-btcusdt, kline-btcusdt-1m)     -> {"id":"trade-btcusdt",...} 404 when never started
 * DELETE /streams/{id}                                        -> {"action":"stop",...}    404 when not running
 * </pre>
 * A POST body must be sent as {@code application/json} (415 otherwise) and is read strictly ({@link ControlJson});
 * a stream id must be exactly the id of a stream ({@link StreamKey#fromId(String)}).
 */
public final class HttpControl {
    /** Property holding the bearer token mutating calls need; unset or blank: no token needed. */
    public static final String TOKEN_KEY = "binance.control.token";
    private static final String JSON_TYPE = "application/json";
    private static final Set<String> START_FIELDS = Set.of("kind", "symbols", "intervals");

    /** A POST body not sent as application/json. */
    public static final class UnsupportedMediaTypeException extends RuntimeException {
        UnsupportedMediaTypeException(String type) {
            super("Expected a JSON body (Content-Type: application/json), got "
                    + (type.isEmpty() ? "no Content-Type" : Echo.of(type)));
        }
    }

    /** A mutating call without the right bearer token. */
    public static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("Missing or wrong bearer token (header Authorization: Bearer <binance.control.token>)");
        }
    }

    private final StreamManager manager;
    private final ErrorLog unexpected = new ErrorLog(LoggerFactory.getLogger(HttpControl.class), Duration.ofMinutes(1),
            System::nanoTime);

    public HttpControl(StreamManager manager) {
        this.manager = manager;
    }

    /** Throws {@link UnauthorizedException} unless the token is unset or the Authorization header carries it. */
    public void authorize(Exchange exchange) {
        String token = exchange.getContext().getPropertiesComponent().resolveProperty(TOKEN_KEY).orElse("").trim();
        if (!token.isEmpty() && !BearerToken.matches(exchange.getMessage().getHeader("Authorization", String.class),
                token)) {
            throw new UnauthorizedException();
        }
    }

    /**
     * GET /streams: 200 and the stream table, or the rows the query asks for ({@link StreamQuery}: filters by state,
     * symbol and kind, a page by offset and limit) with {@code total}, the rows that matched before the page was cut.
     */
    public void listStreams(Exchange exchange) {
        StreamQuery query = StreamQuery.parse(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class));
        StreamQuery.Page page = query.apply(manager.streams());
        respond(exchange, 200, ControlReplies.streams(page.rows(), page.total(), manager.cluster()));
    }

    /**
     * POST /streams: starts the streams the body names; only {@code application/json} is read (415 otherwise). 200, or
     * 409 (same body) when every stream was already running.
     */
    public void startStreams(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!JSON_TYPE.equals(type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
            throw new UnsupportedMediaTypeException(type.trim());
        }
        ObjectNode body = ControlJson.object(exchange.getMessage().getBody(String.class), "request body", START_FIELDS);
        String kind = ControlJson.text(body, "kind", false);
        List<String> symbols = ControlJson.texts(body, "symbols");
        List<String> intervals = ControlJson.texts(body, "intervals");
        if (kind == null || symbols == null || symbols.isEmpty()) {
            throw new InvalidRequestException("Expected {\"kind\":\"trade|kline\",\"symbols\":[...],\"intervals\":[...]}");
        }
        StartResult result = manager.start(StreamControl.kind(kind), symbols, intervals);
        boolean noneStarted = result.started().isEmpty() && !result.alreadyRunning().isEmpty();
        respond(exchange, noneStarted ? 409 : 200, ControlReplies.started(result));
    }

    /**
     * GET /streams/{id}: 200 and the stream's row of the stream table (the columns of {@link StreamStatus#row()}), a
     * stopped stream's too; 404 when no stream of that exact id was started since start-up.
     */
    public void getStream(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        StreamStatus status = manager.stream(id)
                .orElseThrow(() -> new StreamNotActiveException(List.of(String.valueOf(id))));
        respond(exchange, 200, ControlReplies.stream(status));
    }

    /** DELETE /streams/{id} (trade-btcusdt, kline-btcusdt-1m): stops that stream; anything else is not active (404). */
    public void stopStream(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        StreamKey key = StreamKey.fromId(id)
                .orElseThrow(() -> new StreamNotActiveException(List.of(String.valueOf(id))));
        List<String> stopped = manager.stop(key.kind(), List.of(key.symbol()),
                key.interval() == null ? null : List.of(key.interval()));
        respond(exchange, 200, ControlReplies.stopped("stop", stopped));
    }

    /**
     * The caught exception as a JSON error reply ({@link ErrorReply}): 400, 401, 404, 415, or 500/503 for the
     * server's own failures, whose cause is logged (rate-limited, {@link ErrorLog}).
     */
    public void error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ErrorReply reply = ErrorReply.of(e);
        if (reply.serverError() && e != null) {
            unexpected.report("HTTP control request " + exchange.getMessage().getHeader(Exchange.HTTP_METHOD)
                    + " " + Echo.of(exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class)), e,
                    reply.status() == 503);
        }
        respond(exchange, reply.status(), reply.json());
        if (reply.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
    }

    /**
     * Replaces every header (the request's, Authorization included, must not be echoed) by the reply's; to a HEAD
     * request, the same status and type without the body (RFC 9110: HEAD wherever GET).
     */
    private static void respond(Exchange exchange, int status, String body) {
        boolean head = "HEAD".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON_TYPE);
        exchange.getMessage().setBody(head ? "" : body);
    }
}
