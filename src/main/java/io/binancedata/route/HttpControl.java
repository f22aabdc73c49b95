package io.binancedata.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;
import org.apache.camel.Exchange;

/**
 * The HTTP front end's bean (routes/http-control.yaml): turns HTTP requests into control messages for
 * {@code direct:control}, checks the bearer token of mutating calls, and maps answers and errors to HTTP replies.
 * <pre>
 * GET    /streams                                             -> {"action":"list"}
 * POST   /streams  {"kind":"trade","symbols":["BTCUSDT"]}     -> {"action":"start",...}   409 when all already ran
 * DELETE /streams/{id}  (trade-btcusdt, kline-btcusdt-1m)     -> {"action":"stop",...}    404 when not running
 * </pre>
 */
public final class HttpControl {
    /** Property holding the bearer token mutating calls need; unset or blank: no token needed. */
    public static final String TOKEN_KEY = "binance.control.token";
    private static final Pattern TRADE_ID = Pattern.compile("trade-([^-]+)");
    private static final Pattern KLINE_ID = Pattern.compile("kline-([^-]+)-([^-]+)");

    /** A POST body sent as a form instead of JSON. */
    public static final class UnsupportedMediaTypeException extends RuntimeException {
        UnsupportedMediaTypeException(String type) {
            super("Expected a JSON body (Content-Type: application/json), got " + type);
        }
    }

    /** A mutating call without the right bearer token. */
    public static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("Missing or wrong bearer token (header Authorization: Bearer <binance.control.token>)");
        }
    }

    /** The body of POST /streams. */
    public record StartBody(String kind, List<String> symbols, List<String> intervals) {
    }

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Throws {@link UnauthorizedException} unless the token is unset or the Authorization header carries it. */
    public void authorize(Exchange exchange) {
        String token = exchange.getContext().getPropertiesComponent().resolveProperty(TOKEN_KEY).orElse("").trim();
        if (token.isEmpty()) {
            return;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] given = (header == null ? "" : header.trim()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedException();
        }
    }

    public String listRequest() {
        return "{\"action\":\"list\"}";
    }

    /**
     * POST /streams body to a start control message. A form (curl -d without a Content-Type header sends
     * application/x-www-form-urlencoded) is refused with 415: the HTTP server has already decoded it as form fields.
     */
    public String startRequest(Exchange exchange) throws JsonProcessingException {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            throw new UnsupportedMediaTypeException(type);
        }
        String body = exchange.getMessage().getBody(String.class);
        StartBody start;
        try {
            start = json.readValue(body == null ? "" : body, StartBody.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("Unreadable request body: " + e.getOriginalMessage());
        }
        if (start == null || start.kind() == null || start.symbols() == null || start.symbols().isEmpty()) {
            throw new InvalidRequestException("Expected {\"kind\":\"trade|kline\",\"symbols\":[...],\"intervals\":[...]}");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", "start");
        request.put("kind", start.kind());
        request.put("symbols", start.symbols());
        if (start.intervals() != null) {
            request.put("intervals", start.intervals());
        }
        return json.writeValueAsString(request);
    }

    /** A stream id (trade-btcusdt, kline-btcusdt-1m) to a stop control message; an id of no form is not active. */
    public String stopRequest(Exchange exchange) throws JsonProcessingException {
        String id = exchange.getMessage().getHeader("id", String.class);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", "stop");
        Matcher trade = TRADE_ID.matcher(id == null ? "" : id);
        Matcher kline = KLINE_ID.matcher(id == null ? "" : id);
        if (trade.matches()) {
            request.put("kind", "trade");
            request.put("symbols", List.of(trade.group(1)));
        } else if (kline.matches()) {
            request.put("kind", "kline");
            request.put("symbols", List.of(kline.group(1)));
            request.put("intervals", List.of(kline.group(2)));
        } else {
            throw new StreamNotActiveException(List.of(String.valueOf(id)));
        }
        return json.writeValueAsString(request);
    }

    /** The control route's answer as the HTTP reply: 200, or 409 for a start where every stream already ran. */
    public void reply(Exchange exchange) throws JsonProcessingException {
        String body = exchange.getMessage().getBody(String.class);
        int status = 200;
        JsonNode answer = json.readTree(body);
        if ("start".equals(answer.path("action").asText()) && answer.path("started").isEmpty()
                && !answer.path("alreadyRunning").isEmpty()) {
            status = 409;
        }
        respond(exchange, status, body);
    }

    /** The caught exception as a JSON error reply: 400, 401, 404 or 500. */
    public void error(Exchange exchange) throws JsonProcessingException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status;
        if (e instanceof InvalidSymbolException || e instanceof InvalidRequestException) {
            status = 400;
        } else if (e instanceof StreamNotActiveException) {
            status = 404;
        } else if (e instanceof UnauthorizedException) {
            status = 401;
        } else if (e instanceof UnsupportedMediaTypeException) {
            status = 415;
        } else {
            status = 500;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("error", e == null ? "Error" : e.getClass().getSimpleName());
        error.put("message", e == null ? "unknown error" : e.getMessage());
        respond(exchange, status, json.writeValueAsString(error));
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
    }

    /** Replaces every header (the request's, Authorization included, must not be echoed) by the reply's. */
    private static void respond(Exchange exchange, int status, String body) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body);
    }
}
