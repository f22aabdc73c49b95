package io.binancedata.sequence;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one stream's gap through its {@link GapFiller}, and fetches it again after a failure for as long as the
 * filler says it is worth it, waiting as long as it says in between (a REST call that timed out, a 5xx, a host blocked
 * after a 429): a short outage of the exchange's REST API does not lose the gap. Each attempt tried again is logged
 * once at WARN, with the failure and the wait, and counted ({@link StreamStatus#onGapRetry}).
 * <p>
 * Two ways to wait. With a {@link GapFetcher} (the product's), {@link #fetch} never waits: it queues the gap with the
 * fetcher and answers null; the fetcher's one thread fetches it in its turn, within the REST budget, and runs the
 * stream's wake-up so that its drain asks again and takes the outcome. The stream's drain thread is thus never held
 * by a gap. Without one (tests, a filler that never waits), {@link #fetch} fetches on the calling thread and waits
 * there between attempts.
 * <p>
 * A stop ({@link #stop}) gives up a gap at once — waiting for its turn, for the budget or to be tried again, or
 * being fetched (the fetcher's thread is interrupted: a gap of many pages could take minutes) — and no new gap is
 * fetched until {@link #resume}; a fetch that completes all the same is delivered. {@link #fetch} by the stream's
 * drain; {@link #stop} and {@link #resume} by any thread.
 */
final class GapFetch {
    /**
     * What fetching a gap came to.
     *
     * @param events   the gap's frames, oldest first (empty when it was not fetched)
     * @param attempts fetches made (0 when the stream stopped before the first)
     * @param nanos    from the first failure to the end (0 when the first fetch succeeded)
     * @param failure  the last fetch's failure when the gap was given up; null when it was fetched or never tried
     * @param stopped  whether the stream stopped before the gap was fetched: it is left to the next start
     */
    record Outcome(List<String> events, int attempts, long nanos, RuntimeException failure, boolean stopped) {
        boolean fetched() {
            return failure == null && !stopped;
        }

        /** Why the gap was not fetched, with the last failure, for the log. */
        String whyNotFetched() {
            if (stopped) {
                return attempts == 0 ? "the stream stopped before the fetch started"
                        : "the stream stopped while it waited to try again after attempt " + attempts + " failed ("
                                + failure + ")";
            }
            if (attempts > 1) {
                return "attempt " + attempts + " failed too, " + TimeUnit.NANOSECONDS.toSeconds(nanos)
                        + " s after the first; giving up (" + failure + ")";
            }
            return failure.toString();
        }
    }

    /**
     * One gap being fetched: what to fetch, and how its attempts went. Ordered in the {@link GapFetcher}'s queue by
     * when it may be tried, then by arrival.
     */
    final class Fill {
        final String gap;
        private final Supplier<List<String>> fetch;
        /** Tried once: a failure gives it up at once, whatever the filler would wait for. */
        private final boolean once;
        /** Arrival order among every stream's gaps (set by the fetcher). */
        long sequence;
        /** Not to be tried before this (System.nanoTime): its arrival, or the end of the wait after a failure. */
        long notBeforeNanos = System.nanoTime();
        private int attempts;
        private long firstFailureNanos;
        private RuntimeException lastFailure;
        /** What the fetcher's attempts came to, once it is done (read by the stream under the owner's lock). */
        private Outcome outcome;

        private Fill(String gap, Supplier<List<String>> fetch, boolean once) {
            this.gap = gap;
            this.fetch = fetch;
            this.once = once;
        }

        GapFetch owner() {
            return GapFetch.this;
        }

        StreamKind kind() {
            return kind;
        }

        /** The stream stopped before this gap was fetched. */
        Outcome stopped() {
            return new Outcome(List.of(), attempts, attempts == 0 ? 0 : System.nanoTime() - firstFailureNanos,
                    lastFailure, true);
        }

        /**
         * One attempt: the outcome when the gap is fetched or given up; null when it is to be tried again, not before
         * {@link #notBeforeNanos} (logged at WARN here). An attempt after the first is counted as a retry.
         */
        Outcome attempt() {
            if (attempts > 0) {
                status.onGapRetry();
            }
            attempts++;
            RuntimeException failure;
            try {
                List<String> events = fetch.get();
                return new Outcome(events, attempts, attempts == 1 ? 0 : System.nanoTime() - firstFailureNanos, null,
                        false);
            } catch (RuntimeException e) {
                failure = e;
            }
            long now = System.nanoTime();
            if (attempts == 1) {
                firstFailureNanos = now;
            }
            lastFailure = failure;
            if (stopping()) {
                return stopped(); // the stream stopped meanwhile (its stop may have interrupted this attempt)
            }
            long wait = once ? GapFiller.GIVE_UP : filler.retryAfterNanos(failure, attempts, now - firstFailureNanos);
            if (wait < 0) {
                return new Outcome(List.of(), attempts, now - firstFailureNanos, failure, false);
            }
            LOG.warn("Stream {}: gap of {} not filled yet: attempt {} failed ({}); trying again in {} ms", streamId,
                    gap, attempts, failure.toString(), TimeUnit.NANOSECONDS.toMillis(wait));
            notBeforeNanos = now + wait;
            return null;
        }

    }

    /** The guard's logger: a gap's lines read together. */
    private static final Logger LOG = LoggerFactory.getLogger(SequenceGuard.class);

    private final String streamId;
    private final StreamKind kind;
    private final StreamStatus status;
    private final GapFiller filler;
    /** Fetches queued gaps on its own thread; null: gaps are fetched on the calling thread. */
    private final GapFetcher fetcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopSignal = lock.newCondition();
    private boolean stopping;
    /** The gap queued with the fetcher or being fetched by it; null when none. */
    private Fill pending;
    /** A gap the fetcher is done with, its outcome not yet taken by the stream; null when none. */
    private Fill ready;
    /** Wakes the stream's drain when a queued gap's outcome is ready. */
    private Runnable wake = () -> { };

    GapFetch(String streamId, StreamStatus status, GapFiller filler, GapFetcher fetcher) {
        this.streamId = streamId;
        this.kind = status.key().kind();
        this.status = status;
        this.filler = filler;
        this.fetcher = fetcher;
    }

    /**
     * Fetches the gap described as {@code gap} (for the log, and to tell gaps apart) with {@code fetch}, trying again
     * as the filler says, or ({@code once}) giving it up at its first failure.
     *
     * @return the outcome; null when the gap was handed to the fetcher (or still waits there): the stream's wake-up
     *         runs once its outcome is ready, and the caller asks again with the same gap
     */
    Outcome fetch(String gap, Supplier<List<String>> fetch, boolean once) {
        Fill fill;
        lock.lock();
        try {
            Fill done = ready;
            ready = null; // another gap's outcome is dropped: the stream moved on without it (cannot happen: it waits)
            if (done != null && done.gap.equals(gap)) {
                return done.outcome;
            }
            if (pending != null) {
                return null;
            }
            fill = new Fill(gap, fetch, once);
            if (stopping) {
                return fill.stopped();
            }
            if (fetcher != null) {
                pending = fill;
            }
        } finally {
            lock.unlock();
        }
        return fetcher != null ? queue(fill) : fetchHere(fill);
    }

    private Outcome queue(Fill fill) {
        fetcher.submit(fill);
        return null;
    }

    /** Without a fetcher: every attempt on this thread, waiting in between; a stop ends a wait. */
    private Outcome fetchHere(Fill fill) {
        while (true) {
            Outcome outcome = fill.attempt();
            if (outcome != null) {
                return outcome;
            }
            if (!pause(fill.notBeforeNanos - System.nanoTime())) {
                return fill.stopped();
            }
        }
    }

    /** The fetcher's outcome of {@code fill}: kept for the stream, whose drain is woken to take it. Any thread. */
    void complete(Fill fill, Outcome outcome) {
        Runnable wakeUp;
        lock.lock();
        try {
            if (pending != fill) {
                return;
            }
            pending = null;
            fill.outcome = outcome;
            ready = fill;
            wakeUp = wake;
        } finally {
            lock.unlock();
        }
        wakeUp.run();
    }

    /** Whether the stream stopped: a fill failed now is not tried again. */
    boolean stopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The stream stops: a gap waiting for its turn, the budget or a retry is given up now, a fetch of it under way is
     * interrupted, and no new one is fetched until {@link #resume}.
     */
    void stop() {
        Fill queued;
        lock.lock();
        try {
            stopping = true;
            stopSignal.signalAll();
            queued = pending;
        } finally {
            lock.unlock();
        }
        if (queued != null && fetcher.cancel(queued)) {
            complete(queued, queued.stopped());
        }
    }

    /**
     * The stream starts (again): gaps are fetched again.
     *
     * @param wakeUp run (on the fetcher's thread) when a queued gap's outcome is ready: the stream's drain must then
     *               run its frames again, starting with the one that revealed the gap
     */
    void resume(Runnable wakeUp) {
        lock.lock();
        try {
            stopping = false;
            wake = wakeUp;
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
