package io.binancedata.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the fake exchange and the few JSON helpers it needs. */
final class FakeJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeJson() {
    }

    /** Parses a frame; {@code null} when it is not JSON at all (malformed frames are expected on test tapes). */
    static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** A JSON string literal, quotes included. */
    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot quote a string", e);
        }
    }

    /** Binance's error body, e.g. {@code {"code":-1121,"msg":"Invalid symbol."}}. */
    static String error(int code, String msg) {
        return "{\"code\":" + code + ",\"msg\":" + quote(msg) + "}";
    }
}
