package io.binancedata.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.api.Echo;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.StreamNotActiveException;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import org.apache.camel.Exchange;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front end's bean (routes/http-control.yaml): turns HTTP requests into control messages for
 * {@code direct:control}, checks the bearer token of mutating calls, and maps answers and errors to HTTP replies.
 * <pre>
 * GET    /streams                                             -> {"action":"list"}
 * POST   /streams  {"kind":"trade","symbols":["BTCUSDT"]}     -> {"action":"start",...}   409 when all already ran
 * DELETE /streams/{id}  (trade-btcusdt, kline-btcusdt-1m)     -> {"action":"stop",...}    404 when not running
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

    private final ErrorLog unexpected = new ErrorLog(LoggerFactory.getLogger(HttpControl.class), Duration.ofMinutes(1),
            System::nanoTime);

    /** Throws {@link UnauthorizedException} unless the token is unset or the Authorization header carries it. */
    public void authorize(Exchange exchange) {
        String token = exchange.getContext().getPropertiesComponent().resolveProperty(TOKEN_KEY).orElse("").trim();
        if (!token.isEmpty() && !BearerToken.matches(exchange.getMessage().getHeader("Authorization", String.class),
                token)) {
            throw new UnauthorizedException();
        }
    }

    public String listRequest() {
        return "{\"action\":\"list\"}";
    }

    /** POST /streams body to a start control message; only {@code application/json} is read (415 otherwise). */
    public String startRequest(Exchange exchange) {
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
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", "start");
        request.put("kind", kind);
        request.put("symbols", symbols);
        if (intervals != null) {
            request.put("intervals", intervals);
        }
        return ControlJson.write(request);
    }

    /** A stream id (trade-btcusdt, kline-btcusdt-1m) to a stop control message; anything else is not active (404). */
    public String stopRequest(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        StreamKey key = StreamKey.fromId(id)
                .orElseThrow(() -> new StreamNotActiveException(List.of(String.valueOf(id))));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", "stop");
        request.put("kind", key.kind() == StreamKind.TRADE ? "trade" : "kline");
        request.put("symbols", List.of(key.symbol()));
        if (key.interval() != null) {
            request.put("intervals", List.of(key.interval()));
        }
        return ControlJson.write(request);
    }

    /** The control route's answer as the HTTP reply: 200, or 409 for a start where every stream already ran. */
    public void reply(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        int status = 200;
        JsonNode answer = ControlJson.read(body);
        if ("start".equals(answer.path("action").asText()) && answer.path("started").isEmpty()
                && !answer.path("alreadyRunning").isEmpty()) {
            status = 409;
        }
        respond(exchange, status, body);
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

    /** Replaces every header (the request's, Authorization included, must not be echoed) by the reply's. */
    private static void respond(Exchange exchange, int status, String body) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON_TYPE);
        exchange.getMessage().setBody(body);
    }
}
