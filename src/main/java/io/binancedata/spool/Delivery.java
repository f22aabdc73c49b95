package io.binancedata.spool;

/** Hands one message to the sink a spool guards, synchronously. */
@FunctionalInterface
public interface Delivery {
    /**
     * Returns when the sink accepted the message.
     *
     * @throws MessageRejectedException if the sink refused this message as invalid
     * @throws Exception                if the sink failed; the message may be retried or spooled
     */
    void deliver(SpoolRecord record) throws Exception;
}
