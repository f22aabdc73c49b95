package io.binancedata.control;

import java.util.LinkedHashMap;
import java.util.Map;

import io.binancedata.api.BinanceDataException;
import io.binancedata.api.Echo;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.GroupLedElsewhereException;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.StreamNotActiveException;

/**
 * An error answer of the HTTP control API, always this JSON shape: {@code {"status":404,"error":"StreamNotActiveException",
 * "message":"Stream(s) not active: trade-ethusdt"}}. {@code error} is the API's exception name or, for errors that are
 * not the caller's, a fixed word; messages of the caller's errors show input through {@link Echo}; messages of
 * server errors (5xx) are fixed text, never an internal exception's message or class.
 */
record ErrorReply(int status, String error, String message) {
    static final String INTERNAL_MESSAGE = "Internal error; the details are in the server log";

    /** The reply for an exception a control request ended with. */
    static ErrorReply of(Throwable e) {
        if (e instanceof InvalidSymbolException || e instanceof InvalidRequestException) {
            return caller(400, e);
        }
        if (e instanceof HttpControl.UnauthorizedException) {
            return caller(401, e);
        }
        if (e instanceof StreamNotActiveException) {
            return caller(404, e);
        }
        if (e instanceof GroupLedElsewhereException) {
            return caller(409, e);
        }
        if (e instanceof HttpControl.UnsupportedMediaTypeException) {
            return caller(415, e);
        }
        if (e instanceof ExchangeUnavailableException) {
            return new ErrorReply(503, e.getClass().getSimpleName(),
                    "The exchange is unavailable or its request limits are used up; try again later (details in the server log)");
        }
        if (e != null && e.getClass() != BinanceDataException.class && e instanceof BinanceDataException) {
            return new ErrorReply(500, e.getClass().getSimpleName(), INTERNAL_MESSAGE);
        }
        return new ErrorReply(500, "InternalError", INTERNAL_MESSAGE);
    }

    private static ErrorReply caller(int status, Throwable e) {
        return new ErrorReply(status, e.getClass().getSimpleName(), Echo.message(e.getMessage()));
    }

    /** Whether the server, not the caller, failed (then the cause is logged). */
    boolean serverError() {
        return status >= 500;
    }

    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        return ControlJson.write(body);
    }
}
