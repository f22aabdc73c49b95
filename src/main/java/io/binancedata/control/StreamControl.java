package io.binancedata.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.api.Echo;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamStatus;

/**
 * The control route's bean ({@code direct:control}): one JSON request in, one JSON answer out. Errors are thrown as
 * the same typed exceptions as the Java API, so a caller (a route, JMX, HTTP) can map them.
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", request.action());
        switch (request.action()) {
            case "start" -> start(request, answer);
            case "stop" -> answer.put("stopped", stop(request));
            case "stop-all" -> answer.put("stopped", manager.stopAll(request.kind() == null ? null : kind(request)));
            case "list" -> answer.put("streams", list());
            case "symbols" -> answer.put("symbols", manager.symbols().tradingSymbols());
            case "validate" -> answer.put("symbols", manager.symbols().validate(request.symbols()));
            default -> throw new InvalidRequestException("Unknown action '" + Echo.of(request.action())
                    + "': expected start, stop, stop-all, list, symbols or validate");
        }
        return ControlJson.write(answer);
    }
    private void start(Request request, Map<String, Object> answer) {
        StartResult result = kind(request) == StreamKind.TRADE
                ? manager.startTrades(request.symbols(), null)
                : manager.startKlines(request.symbols(), request.intervals(), null);
        answer.put("started", result.started());
        answer.put("alreadyRunning", result.alreadyRunning());
    }

    private List<String> stop(Request request) {
        if (kind(request) == StreamKind.TRADE) {
            return manager.stopTrades(request.symbols());
        }
        return manager.stopKlines(request.symbols(), request.intervals());
    }

    private static StreamKind kind(Request request) {
        if (request.kind() == null) {
            throw new InvalidRequestException("Missing field 'kind': expected trade or kline");
        }
        try {
            return StreamKind.parse(request.kind());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown stream kind '" + Echo.of(request.kind())
                    + "': expected trade or kline");
        }
    }

    private List<Map<String, Object>> list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StreamStatus s : manager.registry().all()) {
            rows.add(s.row());
        }
        return rows;
    }
}
