package io.binancedata.sequence;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.binancedata.stream.StreamStatus;

/**
 * The {@link SequenceGuard} of every stream of the process. A stream that is started again (a new route, a restarted
 * one) continues with the position its previous guard reached, or with its checkpoint from an earlier run.
 */
public final class SequenceGuards {
    private final GapFiller filler;
    private final GapFetcher fetcher;
    private final SequenceCheckpoints checkpoints;
    private final Duration checkpointInterval;
    /**
     * What a run of a stream to an {@code EventProcessor} keeps its position under, after the stream's id: its own,
     * so that such a run does not move the position of the configured sinks (they did not get its events).
     */
    public static final String PROCESSOR_SUFFIX = "@processor";

    /** The guard of each position (a stream's id, or its id and {@link #PROCESSOR_SUFFIX}) last opened. */
    private final Map<String, SequenceGuard> guards = new ConcurrentHashMap<>();
    /** The guard of each stream last opened, whichever its destination. */
    private final Map<String, SequenceGuard> current = new ConcurrentHashMap<>();

    /**
     * @param fetcher fetches every stream's gaps on its own thread, paced by the REST budget (started and closed with
     *                the streams' component, {@link #startSaving}, {@link #stopSaving}); null: on the admitting thread
     */
    public SequenceGuards(GapFiller filler, GapFetcher fetcher, SequenceCheckpoints checkpoints,
                          Duration checkpointInterval) {
        this.filler = filler;
        this.fetcher = fetcher;
        this.checkpoints = checkpoints;
        this.checkpointInterval = checkpointInterval;
    }

    /** A new guard for the stream to its sinks, continuing where its previous one (or its checkpoint) left off. */
    public SequenceGuard open(StreamStatus status) {
        return open(status, false);
    }

    /**
     * A new guard for the stream, continuing where the previous one of the same destination (or its checkpoint) left
     * off: the configured sinks, or an {@code EventProcessor} when {@code toProcessor}.
     */
    public SequenceGuard open(StreamStatus status, boolean toProcessor) {
        String id = status.key().id();
        SequenceGuard guard = guards.compute(toProcessor ? id + PROCESSOR_SUFFIX : id, (position, previous) ->
                new SequenceGuard(status, filler, fetcher, previous, checkpoints, checkpointInterval, position));
        current.put(id, guard);
        return guard;
    }

    /**
     * Sets where the stream continues when it is next opened, whatever this process or its checkpoints knew: from
     * {@code position} ({@link SequenceGuard#position()}'s text), or from its first frame when empty. A cluster
     * instance that takes a group over calls it with what the group's previous leader wrote; the first live frame then
     * reveals the gap to fill. Call while the stream does not run.
     */
    public void seed(String streamId, Optional<String> position) {
        guards.remove(streamId);
        current.remove(streamId);
        position.ifPresentOrElse(p -> checkpoints.record(streamId, p), () -> checkpoints.forget(streamId));
    }

    /** The stream's guard last opened (whichever its destination), one to its sinks opened if it has none. */
    public SequenceGuard current(StreamStatus status) {
        SequenceGuard guard = current.get(status.key().id());
        return guard != null ? guard : open(status);
    }

    /**
     * Starts saving the streams' checkpoints every interval, and the gap fetcher (when the streams' component starts).
     */
    public void startSaving() {
        checkpoints.start(checkpointInterval);
        if (fetcher != null) {
            fetcher.start();
        }
    }

    /**
     * Stops the gap fetcher and saves the checkpoints a last time and stops their writer (when the streams' component
     * stops, after its routes).
     */
    public void stopSaving() {
        if (fetcher != null) {
            fetcher.close();
        }
        checkpoints.close();
    }

    /** Gaps waiting to be fetched (for their turn, the REST budget, or a retry); 0 without a fetcher. */
    public int gapsQueued() {
        return fetcher == null ? 0 : fetcher.queued();
    }
}
