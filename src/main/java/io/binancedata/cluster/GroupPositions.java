package io.binancedata.cluster;

import java.util.List;
import java.util.Map;

import io.binancedata.stream.StreamKey;

/** Where the writes of streams ended, as a new leader of their group must continue them. */
@FunctionalInterface
public interface GroupPositions extends AutoCloseable {
    /** Nothing is known: every stream starts at its first frame. */
    GroupPositions NONE = (group, keys) -> Map.of();

    /**
     * The position ({@link io.binancedata.sequence.SequenceGuard#position()}'s text) of the last event written of each
     * of these streams, by stream id; a stream of which nothing was written is absent. The writes of the group's
     * previous leader are fenced first, so that none of them lands after the answer.
     *
     * @param group the group of the streams, which this instance is taking
     * @throws RuntimeException when they cannot be read now (the group is tried again at the next check)
     */
    Map<String, String> of(int group, List<StreamKey> keys);

    /** Lets go of what reading the positions holds (connections). */
    @Override
    default void close() {
    }
}
