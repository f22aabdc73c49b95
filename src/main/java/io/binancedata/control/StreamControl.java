package io.binancedata.control;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.api.Echo;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.stream.StreamKind;

/**
 * The control route's bean ({@code direct:control}), the Camel entry point for users' own routes: one JSON request
 * in, one JSON answer out ({@link ControlReplies}), each request one call of {@link StreamManager}. Errors are thrown
 * as the same typed exceptions as the Java API, so a calling route can map them. The product's own interfaces (JMX,
 * HTTP, the Java API) call the manager directly, not through this route.
 * <pre>
 * {"action":"start","kind":"trade","symbols":["BTCUSDT"]}
 * {"action":"start","kind":"kline","symbols":["BTCUSDT"],"intervals":["1m","1h"]}
 * {"action":"stop","kind":"kline","symbols":["BTCUSDT"],"intervals":["1m"]}   (no intervals: every interval)
 * {"action":"stop-all","kind":"trade"}                                        (no kind: every stream)
 * {"action":"list"}   {"action":"symbols"}   {"action":"validate","symbols":["BTCUSDT"]}
 * </pre>
 */
public final class StreamControl {
    /** A control request, read strictly ({@link ControlJson}): unknown fields, nulls and duplicates are rejected. */
    public record Request(String action, String kind, List<String> symbols, List<String> intervals) {
    }

    private static final Set<String> FIELDS = Set.of("action", "kind", "symbols", "intervals");

    private final StreamManager manager;

    public StreamControl(StreamManager manager) {
        this.manager = manager;
    }

    public String handle(String body) {
        ObjectNode message = ControlJson.object(body, "control message", FIELDS);
        Request request = new Request(ControlJson.text(message, "action", false), ControlJson.text(message, "kind", false),
                ControlJson.texts(message, "symbols"), ControlJson.texts(message, "intervals"));
        if (request.action() == null) {
            throw new InvalidRequestException("Control message needs an \"action\"");
        }
        return switch (request.action()) {
            case "start" -> ControlReplies.started(
                    manager.start(kind(request.kind()), request.symbols(), request.intervals()));
            case "stop" -> ControlReplies.stopped("stop",
                    manager.stop(kind(request.kind()), request.symbols(), request.intervals()));
            case "stop-all" -> ControlReplies.stopped("stop-all",
                    manager.stopAll(request.kind() == null ? null : kind(request.kind())));
            case "list" -> ControlReplies.streams(manager.streams(), manager.cluster());
            case "symbols" -> ControlReplies.symbols("symbols", manager.tradingSymbols());
            case "validate" -> ControlReplies.symbols("validate", manager.validateSymbols(request.symbols()));
            default -> throw new InvalidRequestException("Unknown action '" + Echo.of(request.action())
                    + "': expected start, stop, stop-all, list, symbols or validate");
        };
    }

    /** A request's {@code kind} ({@code trade} or {@code kline}, any case); missing or another is the caller's error. */
    static StreamKind kind(String kind) {
        if (kind == null) {
            throw new InvalidRequestException("Missing field 'kind': expected trade or kline");
        }
        try {
            return StreamKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown stream kind '" + Echo.of(kind) + "': expected trade or kline");
        }
    }
}
