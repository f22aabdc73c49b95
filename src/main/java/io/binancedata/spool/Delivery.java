package io.binancedata.spool;

import java.util.List;

/** Hands messages to the sink a spool guards, synchronously. */
@FunctionalInterface
public interface Delivery {
    /**
     * Returns when the sink accepted the message.
     *
     * @throws MessageRejectedException if the sink refused this message as invalid
     * @throws Exception                if the sink failed; the message may be retried or spooled
     */
    void deliver(SpoolRecord record) throws Exception;

    /** Most messages the sink takes in one {@link #deliver(List)} call; 1: one at a time. */
    default int maxRun() {
        return 1;
    }

    /**
     * Hands a run of at most {@link #maxRun()} messages to the sink at once; returns when it accepted every one.
     *
     * @throws MessageRejectedException if the sink refused one of them as invalid; then none was sent
     * @throws Exception                if the sink failed; some of them may have reached it (the run is delivered
     *                                  again: at-least-once)
     */
    default void deliver(List<SpoolRecord> run) throws Exception {
        for (SpoolRecord record : run) {
            deliver(record);
        }
    }
}
