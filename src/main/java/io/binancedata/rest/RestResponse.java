package io.binancedata.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A complete REST response: status, headers and the whole body.
 *
 * @param uri     what was requested
 * @param status  HTTP status
 * @param headers response headers
 * @param body    the body bytes
 */
public record RestResponse(URI uri, int status, HttpHeaders headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Binance's error body {@code {"code":-1121,"msg":"Invalid symbol."}}. */
    public record BinanceError(int code, String msg) {
    }

    /** The first value of a header (names are case-insensitive). */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as Binance's error object, when it is one. */
    public Optional<BinanceError> binanceError() {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("code").isIntegralNumber() && node.path("msg").isTextual()) {
                return Optional.of(new BinanceError(node.get("code").asInt(), node.get("msg").asText()));
            }
        } catch (IOException notJson) {
            // not Binance's error shape: reported by status alone
        }
        return Optional.empty();
    }

    /** The error for a status the caller cannot use: names the call, the status and Binance's code and message. */
    public RestAnswerException failure() {
        String error = binanceError().map(e -> " (Binance code " + e.code() + ": " + e.msg() + ")").orElse("");
        return new RestAnswerException(status, "GET " + uri + " answered HTTP " + status + error);
    }

    /** The error for a body that cannot be read as expected. */
    public RestAnswerException unreadable(String detail) {
        return new RestAnswerException(status, "Unreadable response from GET " + uri + ": " + detail);
    }

    /** The error for a body that cannot be read as expected, with the parser's error as its cause. */
    public RestAnswerException unreadable(String detail, Throwable cause) {
        return new RestAnswerException(status, "Unreadable response from GET " + uri + ": " + detail, cause);
    }
}
