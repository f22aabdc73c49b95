package io.binancedata.sequence;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.binancedata.stream.StreamStatus;

/**
 * The {@link SequenceGuard} of every stream of the process. A stream that is started again (a new route, a restarted
 * one) continues with the position its previous guard reached, or with its checkpoint from an earlier run.
 */
public final class SequenceGuards {
    private final GapFiller filler;
    private final SequenceCheckpoints checkpoints;
    private final Duration checkpointInterval;
    private final Map<String, SequenceGuard> guards = new ConcurrentHashMap<>();

    public SequenceGuards(GapFiller filler, SequenceCheckpoints checkpoints, Duration checkpointInterval) {
        this.filler = filler;
        this.checkpoints = checkpoints;
        this.checkpointInterval = checkpointInterval;
    }

    /** A new guard for the stream, continuing where its previous one (or its checkpoint) left off. */
    public SequenceGuard open(StreamStatus status) {
        return guards.compute(status.key().id(),
                (id, previous) -> new SequenceGuard(status, filler, previous, checkpoints, checkpointInterval));
    }

    /** The stream's current guard, opened if it has none. */
    public SequenceGuard current(StreamStatus status) {
        SequenceGuard guard = guards.get(status.key().id());
        return guard != null ? guard : open(status);
    }

    /** Starts saving the streams' checkpoints every interval (when the streams' component starts). */
    public void startSaving() {
        checkpoints.start(checkpointInterval);
    }

    /** Saves the checkpoints a last time and stops their writer (when the streams' component stops, after its routes). */
    public void stopSaving() {
        checkpoints.close();
    }
}
