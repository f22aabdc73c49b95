package io.binancedata.stream;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** What this instance is in a cluster ({@code binance.cluster.groups} above 0), for the stream table and the metrics. */
public interface ClusterMembership {
    /** This instance's id among the members. */
    String node();

    /** How many groups the configured streams are split into. */
    int groups();

    /** The groups this instance leads and runs, with when it took each (epoch ms). */
    SortedMap<Integer, Long> owned();

    /** Whether the cluster service can reach its back-end (ZooKeeper) now; true when it cannot tell. */
    boolean connected();

    /**
     * Whether this instance leads {@code group} now: its fence is open ({@link LeaderTerms}), from just before the
     * group's streams start at a take-over until they are being stopped.
     */
    boolean leads(int group);

    /**
     * Seeds streams about to start in groups this instance leads, later than the group's take-over (a symbol a
     * {@code *} list picked up since): each continues where its writes in the group's topic end, as at a take-over:
     * a stream the group's previous leader ran goes on after its last record, whatever this process knew of it.
     *
     * @throws RuntimeException when the topic cannot be read now (then start none of them now)
     */
    void continueWhereWritesEnded(List<StreamKey> keys);

    /** The id of the instance that leads {@code group} as the back-end sees it, when it tells. */
    Optional<String> leaderOf(int group);

    /**
     * Batches the Kafka sinks dropped since the start because another instance had taken their group: read under a
     * term this instance had closed ({@link LeaderTerms#admits}), or refused by Kafka's transaction fence.
     */
    long fencedBatches();

    /**
     * Streams this instance keeps for a take-over as a hot standby (those of the groups led elsewhere, subscribed and
     * confirmed); 0 without a hot standby.
     */
    int standbyStreams();

    /** Frames a hot standby keeps now for a take-over, all streams together (~0.5 KB each); 0 without. */
    long standbyFrames();
}
