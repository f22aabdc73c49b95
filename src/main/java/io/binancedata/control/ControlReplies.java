package io.binancedata.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.binancedata.stream.ClusterMembership;
import io.binancedata.stream.StartResult;
import io.binancedata.stream.StreamStatus;

/**
 * The JSON answers of the control interfaces that speak JSON — the {@code direct:control} route, the HTTP control API
 * and JMX's operations — written from {@link StreamManager}'s typed results, so all three answer alike:
 * <pre>
 * {"action":"start","started":["trade-btcusdt"],"alreadyRunning":[]}
 * {"action":"stop","stopped":["trade-btcusdt"]}            {"action":"stop-all","stopped":[...]}
 * {"action":"list","total":N,"streams":[{"id":...,"state":...}]}     {"action":"symbols","symbols":[...]}
 * </pre>
 */
final class ControlReplies {
    private ControlReplies() {
    }

    static String started(StartResult result) {
        Map<String, Object> answer = answer("start");
        answer.put("started", result.started());
        answer.put("alreadyRunning", result.alreadyRunning());
        return ControlJson.write(answer);
    }

    /** The ids a stop ({@code stop}) or stop-all ({@code stop-all}) stopped. */
    static String stopped(String action, List<String> ids) {
        Map<String, Object> answer = answer(action);
        answer.put("stopped", ids);
        return ControlJson.write(answer);
    }

    /** One stream's row, the columns of {@link StreamStatus#row()} (HTTP {@code GET /streams/{id}}). */
    static String stream(StreamStatus stream) {
        return ControlJson.write(stream.row());
    }

    /** One row per stream, the columns of {@link StreamStatus#row()}. */
    static String streams(List<StreamStatus> streams, ClusterMembership cluster) {
        return streams(streams, streams.size(), cluster);
    }

    /**
     * A page of the stream table: its rows, and {@code total}, how many rows matched before the page was cut; in a
     * cluster ({@code cluster} not null), what this instance is in it.
     */
    static String streams(List<StreamStatus> streams, int total, ClusterMembership cluster) {
        List<Map<String, Object>> rows = new ArrayList<>(streams.size());
        for (StreamStatus s : streams) {
            rows.add(s.row());
        }
        Map<String, Object> answer = answer("list");
        answer.put("total", total);
        answer.put("streams", rows);
        if (cluster != null) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("node", cluster.node());
            part.put("connected", cluster.connected());
            part.put("groups", cluster.groups());
            SortedMap<Integer, Long> owned = cluster.owned();
            part.put("owned", List.copyOf(owned.keySet()));
            Map<String, Long> since = new LinkedHashMap<>();
            owned.forEach((group, millis) -> since.put(Integer.toString(group), millis));
            part.put("ownedSince", since);
            part.put("standby", cluster.standbyStreams());
            answer.put("cluster", part);
        }
        return ControlJson.write(answer);
    }

    /** The exchange's symbols ({@code symbols}) or the validated ones ({@code validate}). */
    static String symbols(String action, Collection<String> symbols) {
        Map<String, Object> answer = answer(action);
        answer.put("symbols", symbols);
        return ControlJson.write(answer);
    }

    private static Map<String, Object> answer(String action) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", action);
        return answer;
    }
}
