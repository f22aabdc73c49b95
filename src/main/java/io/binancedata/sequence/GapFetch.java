package io.binancedata.sequence;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.binancedata.stream.StreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one gap through the stream's {@link GapFiller}, and fetches it again after a failure for as long as the
 * filler says it is worth it, waiting as long as it says in between (a REST call that timed out, a 5xx, a host blocked
 * after a 429): a short outage of the exchange's REST API does not lose the gap. The stream's later frames wait behind
 * the gap meanwhile, in its inbox and spill, so their order is kept. Each attempt tried again is logged once at WARN,
 * with the failure and the wait, and counted ({@link StreamStatus#onGapRetry}).
 * <p>
 * A wait ends at once when the stream stops ({@link #stop}): the gap is then given up (a fetch under way is let finish:
 * a stop delivers backfills under way). Used by the stream's drain; {@link #stop} and {@link #resume} by any thread.
 */
final class GapFetch {
    /**
     * What fetching a gap came to.
     *
     * @param events   the gap's frames, oldest first (empty when it failed)
     * @param attempts fetches made
     * @param nanos    from the first failure to the end (0 when the first fetch succeeded)
     * @param failure  the last fetch's failure when the gap was given up; null when it was fetched
     * @param stopped  whether it was given up because the stream stopped while waiting to try again
     */
    record Outcome(List<String> events, int attempts, long nanos, RuntimeException failure, boolean stopped) {
        boolean fetched() {
            return failure == null;
        }

        /** Why the gap was given up, with the last failure, for the log. */
        String whyNotFetched() {
            if (stopped) {
                return "the stream stopped while it waited to try again after attempt " + attempts + " failed ("
                        + failure + ")";
            }
            if (attempts > 1) {
                return "attempt " + attempts + " failed too, " + TimeUnit.NANOSECONDS.toSeconds(nanos)
                        + " s after the first; giving up (" + failure + ")";
            }
            return failure.toString();
        }
    }

    /** The guard's logger: a gap's lines read together. */
    private static final Logger LOG = LoggerFactory.getLogger(SequenceGuard.class);

    private final String streamId;
    private final StreamStatus status;
    private final GapFiller filler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopSignal = lock.newCondition();
    private boolean stopping;

    GapFetch(String streamId, StreamStatus status, GapFiller filler) {
        this.streamId = streamId;
        this.status = status;
        this.filler = filler;
    }

    /** Fetches the gap described as {@code gap} (for the log) with {@code fetch}, trying again as the filler says. */
    Outcome fetch(String gap, Supplier<List<String>> fetch) {
        long firstFailure = 0;
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                List<String> events = fetch.get();
                return new Outcome(events, attempt, attempt == 1 ? 0 : System.nanoTime() - firstFailure, null, false);
            } catch (RuntimeException e) {
                failure = e;
            }
            long now = System.nanoTime();
            if (attempt == 1) {
                firstFailure = now;
            }
            long wait = filler.retryAfterNanos(failure, attempt, now - firstFailure);
            if (wait < 0) {
                return new Outcome(List.of(), attempt, now - firstFailure, failure, false);
            }
            LOG.warn("Stream {}: gap of {} not filled yet: attempt {} failed ({}); trying again in {} ms", streamId,
                    gap, attempt, failure.toString(), TimeUnit.NANOSECONDS.toMillis(wait));
            if (!pause(wait)) {
                return new Outcome(List.of(), attempt, System.nanoTime() - firstFailure, failure, true);
            }
            status.onGapRetry();
        }
    }

    /** The stream stops: a wait to try a gap again ends now, and no other starts until {@link #resume}. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            stopSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream starts (again): failed gaps are tried again. */
    void resume() {
        lock.lock();
        try {
            stopping = false;
        } finally {
            lock.unlock();
        }
    }

    /** @return false when the stream stopped (or the thread was interrupted) before {@code nanos} passed */
    private boolean pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!stopping && left > 0) {
                left = stopSignal.awaitNanos(left);
            }
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
