package io.binancedata.spool;

import java.util.concurrent.atomic.AtomicLong;

/** What a spool did since it was created; read by any thread, updated by the callers and the drainer. */
public final class SpoolCounters {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong spoolErrors = new AtomicLong();

    /** Messages the sink accepted directly, without passing through the spool. */
    public long delivered() {
        return delivered.get();
    }

    /** Messages the sink accepted from the spool. */
    public long redelivered() {
        return redelivered.get();
    }

    /** Delivery attempts that failed, direct or from the spool. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Messages written to the spool. */
    public long spooled() {
        return spooled.get();
    }

    /** Messages the sink refused as invalid: thrown to the caller, or moved out of the spool to rejected.spool. */
    public long rejected() {
        return rejected.get();
    }

    /** Messages the spool could not take (full or not writable); they were thrown to the caller. */
    public long spoolErrors() {
        return spoolErrors.get();
    }

    void onDelivered() {
        delivered.incrementAndGet();
    }

    void onRedelivered(int messages) {
        redelivered.addAndGet(messages);
    }

    void onFailedAttempt() {
        failedAttempts.incrementAndGet();
    }

    void onSpooled() {
        spooled.incrementAndGet();
    }

    void onRejected() {
        rejected.incrementAndGet();
    }

    void onSpoolError() {
        spoolErrors.incrementAndGet();
    }

    @Override
    public String toString() {
        return "delivered=" + delivered + ", redelivered=" + redelivered + ", failedAttempts=" + failedAttempts
                + ", spooled=" + spooled + ", rejected=" + rejected + ", spoolErrors=" + spoolErrors;
    }
}
