package io.binancedata.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.binancedata.stream.StreamKey;

/** Where the writes of streams ended, as a new leader of their group must continue them. */
@FunctionalInterface
public interface GroupPositions extends AutoCloseable {
    /** Nothing is known: every stream starts at its first frame. */
    GroupPositions NONE = keys -> Map.of();

    /**
     * Before their positions are read: makes sure no write of the previous leaders of these groups, which this
     * instance is taking, can land after the read (Kafka's transaction fence, {@code KafkaSinkComponent#fence}), all
     * at once.
     *
     * @return the groups fenced; one that could not be (Kafka unreachable) is left out and taken at a later check
     */
    default Set<Integer> fence(Set<Integer> groups) {
        return groups;
    }

    /**
     * The position ({@link io.binancedata.sequence.SequenceGuard#position()}'s text) of the last event written of each
     * of these streams, by stream id; a stream of which nothing was written is absent. Their group is
     * {@linkplain #fence fenced} first.
     *
     * @throws RuntimeException when they cannot be read now (the group is tried again at the next check)
     */
    Map<String, String> of(List<StreamKey> keys);

    /** Lets go of what reading the positions holds (connections). */
    @Override
    default void close() {
    }
}
