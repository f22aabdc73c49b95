package io.binancedata.fake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One live-control message a client sent on a market-stream connection, parsed the way Binance does, or the error
 * answer Binance gives for it:
 * <pre>
 * {"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}    ← {"result":null,"id":1}
 * {"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":2}  ← {"result":null,"id":2}
 * {"method":"LIST_SUBSCRIPTIONS","id":3}                      ← {"result":["btcusdt@trade"],"id":3}
 * </pre>
 * Errors come as {@code {"error":{"code":C,"msg":"…"},"id":N}}. Binance's documented messages (web-socket-streams.md,
 * "Error Messages") are used word for word: code 3 {@code Invalid JSON: expected value at line L column C}; code 2
 * {@code Invalid request: request ID must be an unsigned integer}, {@code … unknown variant `X`, expected one of
 * `SUBSCRIBE`, …}, {@code … missing field `method` …}, {@code … too many parameters}; code 2 {@code Invalid request:
 * invalid stream} for a malformed stream name (binance-protocol.md). <b>Guessed</b>, for want of a source: the line
 * and column numbers (Binance's parser is serde's; here: the position of the value's closing quote for an unknown
 * method, of the object's end for a missing method, Jackson's position of the syntax error for invalid JSON);
 * {@code "id":null} when the id could not be read; code 3 for JSON that is not an object; {@code Invalid request:
 * invalid stream} also for a SUBSCRIBE/UNSUBSCRIBE whose {@code params} is missing or not an array of strings;
 * {@code too many parameters} for LIST_SUBSCRIPTIONS with a non-empty {@code params}; code 0 {@code Unknown property}
 * for SET_PROPERTY/GET_PROPERTY (the fake serves no properties). An id is an unsigned integer, as the stream docs
 * say (up to {@link Long#MAX_VALUE} here). The limit of streams per connection is enforced by the caller.
 *
 * @param method  what the client asked for; {@code null} when {@link #error} is set
 * @param streams the stream names of SUBSCRIBE/UNSUBSCRIBE, in request order (empty otherwise)
 * @param id      the request id (echoed in the answer)
 * @param error   the complete error answer to send, or {@code null} for a valid request
 */
record ControlRequest(Method method, List<StreamName> streams, long id, String error) {
    /** The methods of Binance's market-stream control messages. */
    enum Method { SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY }

    static final String REQUEST_ID = "Invalid request: request ID must be an unsigned integer";
    static final String INVALID_STREAM = "Invalid request: invalid stream";
    static final String TOO_MANY_PARAMETERS = "Invalid request: too many parameters";
    private static final String VARIANTS =
            "expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`";

    /** Parses one text message of a client. */
    static ControlRequest parse(String text) {
        JsonNode node;
        try {
            node = FakeJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return failed(3, "Invalid JSON: expected value at line " + (at == null ? 1 : at.getLineNr())
                    + " column " + (at == null ? 1 : Math.max(1, at.getColumnNr())), null);
        }
        if (node == null || !node.isObject()) {
            return failed(3, "Invalid JSON: expected value at line 1 column 1", null);
        }
        Long id = id(node.get("id"));
        JsonNode method = node.get("method");
        if (method == null) {
            return failed(2, "Invalid request: missing field `method` at line 1 column " + text.stripTrailing()
                    .length(), id);
        }
        Optional<Method> known = method.isTextual() ? method(method.asText()) : Optional.empty();
        if (known.isEmpty()) {
            return failed(2, "Invalid request: unknown variant `" + method.asText() + "`, " + VARIANTS
                    + " at line 1 column " + methodValueEnd(text), id);
        }
        if (id == null) {
            return failed(2, REQUEST_ID, null);
        }
        return switch (known.get()) {
            case SUBSCRIBE, UNSUBSCRIBE -> withStreams(known.get(), node.get("params"), id);
            case LIST_SUBSCRIPTIONS -> {
                JsonNode params = node.get("params");
                yield params == null || params.isNull() || params.isArray() && params.isEmpty()
                        ? new ControlRequest(Method.LIST_SUBSCRIPTIONS, List.of(), id, null)
                        : failed(2, TOO_MANY_PARAMETERS, id);
            }
            case SET_PROPERTY, GET_PROPERTY -> failed(0, "Unknown property", id);
        };
    }

    boolean isValid() {
        return error == null;
    }

    /** {@code {"result":null,"id":N}}: a SUBSCRIBE or UNSUBSCRIBE done. */
    static String done(long id) {
        return "{\"result\":null,\"id\":" + id + "}";
    }

    /** {@code {"result":["a","b"],"id":N}}: the answer to LIST_SUBSCRIPTIONS. */
    static String list(List<String> streams, long id) {
        StringBuilder json = new StringBuilder("{\"result\":[");
        for (int i = 0; i < streams.size(); i++) {
            json.append(i == 0 ? "" : ",").append(FakeJson.quote(streams.get(i)));
        }
        return json.append("],\"id\":").append(id).append('}').toString();
    }

    /** {@code {"error":{"code":C,"msg":"…"},"id":N}} ({@code "id":null} when {@code id} is null). */
    static String error(int code, String msg, Long id) {
        return "{\"error\":" + FakeJson.error(code, msg) + ",\"id\":" + (id == null ? "null" : id.toString()) + "}";
    }

    private static ControlRequest failed(int code, String msg, Long id) {
        return new ControlRequest(null, List.of(), id == null ? -1 : id, error(code, msg, id));
    }

    private static ControlRequest withStreams(Method method, JsonNode params, long id) {
        if (params == null || !params.isArray()) {
            return failed(2, INVALID_STREAM, id);
        }
        List<StreamName> streams = new ArrayList<>(params.size());
        for (JsonNode param : params) {
            Optional<StreamName> name = param.isTextual() ? StreamName.parse(param.asText()) : Optional.empty();
            if (name.isEmpty()) {
                return failed(2, INVALID_STREAM, id);
            }
            streams.add(name.get());
        }
        return new ControlRequest(method, List.copyOf(streams), id, null);
    }

    /** The id when it is an unsigned integer (that fits a long), else null. */
    private static Long id(JsonNode id) {
        return id != null && id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0 ? id.asLong() : null;
    }

    private static Optional<Method> method(String name) {
        for (Method method : Method.values()) {
            if (method.name().equals(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /** 1-based column of the last character of the top-level {@code method} value (serde reports that one). */
    private static long methodValueEnd(String text) {
        try (JsonParser parser = FakeJson.MAPPER.createParser(text)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                if (depth == 1 && token == JsonToken.FIELD_NAME && "method".equals(parser.currentName())) {
                    parser.nextToken();
                    parser.finishToken(); // a string is read lazily: its end is not reached before
                    parser.skipChildren();
                    return Math.max(1, parser.currentLocation().getColumnNr() - 1);
                }
            }
        } catch (IOException e) {
            return 1; // parsed once already: cannot happen
        }
        return 1;
    }
}
