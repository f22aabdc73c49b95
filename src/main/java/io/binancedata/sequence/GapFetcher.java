package io.binancedata.sequence;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.binancedata.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches every stream's gaps, one at a time on its own thread ({@code binance-gap-fills}), in the order they arrived,
 * each started only when the exchange's limits let its first call go at once ({@link GapFiller#readyInNanos}): when a
 * reset leaves a thousand streams with a gap, the fills are spread over as many minutes as the REST weight budget
 * needs, while the streams' drains go on with every other stream (a stream with a gap waits, its later frames held in
 * its inbox and spill, until its gap's outcome is ready). A gap to be tried again after a failure goes back in the
 * queue for its time. A stream's stop takes its gap out of the queue at once ({@link #cancel}), and interrupts a fetch
 * of it under way: a gap of many pages, each waiting for the REST budget, could take minutes and hold the stop (the
 * stream ends before its gap; the next start fetches it). Thread-safe.
 */
public final class GapFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GapFetcher.class);
    /** Longest the thread sleeps before looking again at the budget (it also wakes on every new gap or stop). */
    private static final long MAX_NAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final GapFiller filler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<GapFetch.Fill> queue = new PriorityQueue<>(
            Comparator.<GapFetch.Fill>comparingLong(f -> f.notBeforeNanos).thenComparingLong(f -> f.sequence));
    private long arrivals;
    /** The thread fetching while started; null when closed (a thread that is no longer this one ends). */
    private Thread thread;
    /** The gap being fetched now, and the thread fetching it; null between fetches. */
    private GapFetch.Fill current;
    private Thread fetching;

    /** @param filler the filler every stream's gaps are fetched with: its limits pace the fetches */
    public GapFetcher(GapFiller filler) {
        this.filler = filler;
    }

    /** Starts the thread (again, after {@link #close}). */
    public void start() {
        lock.lock();
        try {
            if (thread != null) {
                return;
            }
            Thread fetching = DaemonThreads.named("binance-gap-fills").newThread(this::run);
            thread = fetching;
            fetching.start();
        } finally {
            lock.unlock();
        }
    }

    /** Gaps waiting for their turn, their budget or a retry (not counting the one being fetched). */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a stream's gap; its outcome goes back through {@link GapFetch#complete}. */
    void submit(GapFetch.Fill fill) {
        boolean refused;
        lock.lock();
        try {
            refused = thread == null;
            if (!refused) {
                fill.sequence = arrivals++;
                queue.add(fill);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (refused) {
            fill.owner().complete(fill, fill.stopped()); // the streams' component is not running: nothing is fetched
        }
    }

    /**
     * Takes a stream's gap out of the queue (its stream stops), or interrupts its fetch under way (whose outcome then
     * comes back as stopped, unless it was fetched whole).
     *
     * @return true when it was waiting there; false when it is being fetched now (or already done)
     */
    boolean cancel(GapFetch.Fill fill) {
        lock.lock();
        try {
            boolean removed = queue.remove(fill);
            if (!removed && fill == current) {
                fetching.interrupt(); // the REST client and the budget's wait end on it (ExchangeUnavailableException)
            }
            changed.signalAll();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the thread (when the streams' component stops, after every stream has stopped and so taken its gap out):
     * anything still queued is given up as stopped; a fetch under way is let finish.
     */
    @Override
    public void close() {
        GapFetch.Fill[] left;
        lock.lock();
        try {
            thread = null;
            left = queue.toArray(new GapFetch.Fill[0]);
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (GapFetch.Fill fill : left) {
            fill.owner().complete(fill, fill.stopped());
        }
    }

    private void run() {
        while (true) {
            GapFetch.Fill fill = next();
            if (fill == null) {
                return;
            }
            if (!fetching(fill)) {
                fill.owner().complete(fill, fill.stopped());
                continue;
            }
            GapFetch.Outcome outcome;
            try {
                outcome = fill.attempt();
            } catch (RuntimeException | Error e) {
                LOG.error("Fetching a gap failed unexpectedly; the gap is given up", e);
                outcome = new GapFetch.Outcome(List.of(), 1, 0,
                        e instanceof RuntimeException r ? r : new IllegalStateException(e), false);
            } finally {
                lock.lock();
                try {
                    current = null;
                    fetching = null;
                    Thread.interrupted(); // a stop's interrupt was for that fetch, not for the next
                } finally {
                    lock.unlock();
                }
            }
            if (outcome != null && !outcome.fetched() && fill.owner().stopping()) {
                outcome = fill.stopped(); // interrupted by its stream's stop: left to the next start
            }
            finish(fill, outcome);
        }
    }

    /**
     * Makes {@code fill} the gap being fetched (a stop of its stream from now on interrupts this thread), unless its
     * stream stopped already. Only then can an interrupt come, and it is cleared, under the lock, once the fetch ends.
     */
    private boolean fetching(GapFetch.Fill fill) {
        lock.lock();
        try {
            if (fill.owner().stopping()) {
                return false;
            }
            current = fill;
            fetching = Thread.currentThread();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** After an attempt: the outcome to its stream, or the gap back in the queue for its retry. */
    private void finish(GapFetch.Fill fill, GapFetch.Outcome outcome) {
        if (outcome == null) {
            lock.lock();
            try {
                if (thread == Thread.currentThread() && !fill.owner().stopping()) {
                    queue.add(fill);
                    return;
                }
            } finally {
                lock.unlock();
            }
            outcome = fill.stopped();
        }
        fill.owner().complete(fill, outcome);
    }

    /** The next gap whose time has come and whose first call the limits let go now; null once closed. */
    private GapFetch.Fill next() {
        lock.lock();
        try {
            while (thread == Thread.currentThread()) {
                GapFetch.Fill head = queue.peek();
                long wait = MAX_NAP_NANOS;
                if (head != null) {
                    long now = System.nanoTime();
                    wait = Math.max(head.notBeforeNanos - now, filler.readyInNanos(head.kind()));
                    if (wait <= 0) {
                        queue.poll();
                        return head;
                    }
                }
                changed.awaitNanos(Math.min(wait, MAX_NAP_NANOS));
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }
}
