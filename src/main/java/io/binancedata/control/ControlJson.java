package io.binancedata.control;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.api.Echo;
import io.binancedata.api.InvalidRequestException;

/**
 * Strict reading of the control API's JSON objects (HTTP request bodies and control messages): one JSON object and
 * nothing after it, no field twice, only the expected fields, no {@code null} anywhere. Every violation is an
 * {@link InvalidRequestException} naming the field; messages never name Java classes and show input through
 * {@link Echo}.
 */
final class ControlJson {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private ControlJson() {
    }

    /** {@code body} as a JSON object holding no other field than {@code fields}; {@code what} names it in errors. */
    static ObjectNode object(String body, String what, Set<String> fields) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("Unreadable " + what + ": empty, expected a JSON object");
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(body)) {
            node = JSON.readTree(parser);
            if (trailing(parser)) {
                throw new InvalidRequestException("Unreadable " + what + ": data after the JSON object");
            }
        } catch (StreamReadException e) {
            throw new InvalidRequestException("Unreadable " + what + ": " + describe(e));
        } catch (IOException e) {
            throw new InvalidRequestException("Unreadable " + what + ": " + Echo.of(e.getMessage()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException("Unreadable " + what + ": expected a JSON object");
        }
        object.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new InvalidRequestException("Unknown field '" + Echo.of(name) + "' in the " + what
                        + ": expected " + String.join(", ", fields.stream().sorted().toList()));
            }
        });
        return object;
    }

    private static boolean trailing(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    private static String describe(StreamReadException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonParser parser = e.getProcessor();
        if (message.startsWith("Duplicate field") && parser != null) {
            return "field '" + Echo.of(currentName(parser)) + "' given twice" + where;
        }
        return "malformed JSON" + where;
    }

    private static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (IOException e) {
            return "?";
        }
    }

    /** A string field: absent is {@code null} unless {@code required}; {@code null} or another type is refused. */
    static String text(ObjectNode object, String field, boolean required) {
        JsonNode value = object.get(field);
        if (value == null) {
            if (required) {
                throw new InvalidRequestException("Missing field '" + field + "'");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException("Field '" + field + "' must be a string, not " + type(value));
        }
        return value.textValue();
    }

    /** A field holding an array of strings: absent is {@code null}; {@code null} or another type, anywhere, is refused. */
    static List<String> texts(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidRequestException("Field '" + field + "' must be an array of strings, not " + type(value));
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                throw new InvalidRequestException("Field '" + field + "[" + i + "]' must be a string, not "
                        + type(element));
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "another type";
        };
    }

    /** The JSON text of an answer or an error reply. */
    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
        }
    }
}
