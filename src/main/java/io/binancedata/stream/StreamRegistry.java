package io.binancedata.stream;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Every stream's {@link StreamStatus}, by stream id. The single source the API, control route and logs read. */
public final class StreamRegistry {
    private final ConcurrentMap<String, StreamStatus> byId = new ConcurrentHashMap<>();

    /** The status of a stream, created in state CONNECTING when absent or replaced when {@code fresh}. */
    public StreamStatus register(StreamKey key, boolean fresh) {
        if (fresh) {
            StreamStatus status = new StreamStatus(key);
            byId.put(key.id(), status);
            return status;
        }
        return byId.computeIfAbsent(key.id(), id -> new StreamStatus(key));
    }

    /**
     * Undoes a fresh registration whose stream never came up: the row it replaced comes back ({@code previous}), or,
     * when there was none, the stream's row goes, so a failed start never leaves a half-created row behind.
     */
    public void restore(String id, StreamStatus previous) {
        if (previous == null) {
            byId.remove(id);
        } else {
            byId.put(id, previous);
        }
    }

    public Optional<StreamStatus> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Status of a stream the caller knows exists. */
    public StreamStatus status(String id) {
        StreamStatus s = byId.get(id);
        if (s == null) {
            throw new IllegalStateException("No stream " + id);
        }
        return s;
    }

    public List<StreamStatus> all() {
        return byId.values().stream().sorted(Comparator.comparing(s -> s.key().id())).toList();
    }
}
