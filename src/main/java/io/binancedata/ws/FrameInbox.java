package io.binancedata.ws;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.binancedata.stream.FrameBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one stream's frames from the socket's reader to the stream's drain, which runs them through the pipeline
 * and the sinks on another thread, a whole batch at a time. Two {@link FrameBatch}es take turns: the reader appends
 * to one while the drain works on the other; when the drain is done it takes whatever the reader has appended
 * meanwhile (never waiting for more, so an idle stream's latency does not grow) and the reader goes on with the
 * emptied one. Order is kept: one drain at a time per stream.
 * <p>
 * Back-pressure without blocking the reader: {@link #offer} says when the batch being filled has reached
 * {@code maxFrames}; the reader then reads no more and the drain runs the given {@code resume} once it has taken the
 * batch. The reader never waits for a sink, a retry or a backfill.
 * <p>
 * A stream whose next frame waits for a gap being fetched does not hold a drain thread either: the pipeline holds
 * that frame and the later ones back ({@link FrameBatch#held()}); the turn ends, the held frames go back in front of
 * the inbox, and the stream is <em>parked</em> — no drain is scheduled for it, whatever arrives — until {@link #wake}
 * (the gap's outcome is ready), when a drain runs the held frames again. While parked, frames beyond
 * {@link #PARKED_FRAMES} go to the spill at once: a thousand streams waiting minutes for their gaps hold little memory.
 * <p>
 * With a {@link FrameSpill}, the reader does not stay paused while the route is stuck: when the drain has taken no
 * batch for {@code spillAfter} since the reader paused (a slow sink, a long backfill), the reader resumes and the
 * frames beyond {@code maxFrames} go to the spill on disk (and keep going there while it holds any); the drain reads
 * them back in batches of at most {@code maxFrames}, after the frames in memory, which are older. A route that is only
 * behind — busy, taking batch after batch, as in a burst the process cannot keep up with — keeps plain back-pressure:
 * spilling would only add the disk's work to a CPU already saturated. With {@code spillAfter} zero, frames beyond
 * {@code maxFrames} spill at once. The reader pauses for good only when the spill reaches its own bound.
 */
public final class FrameInbox {
    private static final Logger LOG = LoggerFactory.getLogger(FrameInbox.class);
    /** Frames a parked stream keeps in memory (at most maxFrames) before further ones go to the spill. */
    static final int PARKED_FRAMES = 16;
    private final int maxFrames;
    private final Executor executor;
    private final Consumer<FrameBatch> drain;
    /** Where frames beyond maxFrames go; null: none, the reader pauses at maxFrames. */
    private final FrameSpill spill;
    private final Runnable drainTask = this::drainTurn;
    private final ScheduledExecutorService timer;
    private final long spillAfterNanos;
    private final Runnable stuckCheck = this::checkStuck;
    /** When the reader paused (under the lock; meaningful while {@code paused} is set). */
    private long pausedAtNanos;
    private boolean stuckCheckPending;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private FrameBatch filling = new FrameBatch();
    private FrameBatch spare = new FrameBatch();
    private boolean draining;
    /** Frames went to the spill since the drain last found it empty: new frames must go there too, behind them. */
    private boolean spilling;
    private Runnable paused;
    /** The pipeline held frames back for a gap being fetched: no drain until {@link #wake}. Under the lock. */
    private boolean parked;
    /** {@link #wake} came while not parked (the gap was ready before the drain parked): do not park next time. */
    private boolean woken;
    private volatile Thread drainThread;
    /** When the drain turn now running took its batch (System.nanoTime), -1 when no turn runs. */
    private volatile long turnStartedNanos = -1;

    /**
     * @param maxFrames       most frames handed over at once; the reader pauses when this many are waiting
     * @param executor        runs the drains (any thread; one drain of this inbox at a time)
     * @param drain           takes one batch (on the executor's thread); its batch is cleared when it returns
     * @param spill           where frames go when the route is stuck, read back in order; null for none
     * @param timer           checks, {@code spillAfterNanos} after the reader paused, whether the route is stuck; null
     *                        when frames spill at once or not at all
     * @param spillAfterNanos how long the drain may take no batch while the reader waits before frames spill; 0: spill
     *                        as soon as {@code maxFrames} wait
     */
    public FrameInbox(int maxFrames, Executor executor, Consumer<FrameBatch> drain, FrameSpill spill,
                      ScheduledExecutorService timer, long spillAfterNanos) {
        if (spill != null && spillAfterNanos > 0 && timer == null) {
            throw new IllegalArgumentException("spilling after a delay needs a timer");
        }
        this.timer = timer;
        this.spillAfterNanos = spillAfterNanos;
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1, was " + maxFrames);
        }
        this.maxFrames = maxFrames;
        this.executor = executor;
        this.drain = drain;
        this.spill = spill;
    }

    /**
     * Adds one frame and makes sure a drain will take it.
     *
     * @param resume run (by the drain, once) when the reader may read again, if this call returns false
     * @return true when the reader may read the next frame now; false when it must wait for {@code resume}
     */
    public boolean offer(CharSequence frame, long receiveTimeMicros, Runnable resume) {
        boolean schedule;
        boolean more;
        boolean checkLater = false;
        lock.lock();
        try {
            schedule = !draining;
            draining = true;
            if (spill != null && (spilling || spillAtOnce())) {
                spilling = true;
                more = spill.append(frame, receiveTimeMicros, resume); // the spill resumes the reader itself
            } else {
                filling.append(frame, receiveTimeMicros);
                more = filling.count() < maxFrames || resume == null || spill != null && spillAfterNanos == 0;
                if (!more) {
                    if (paused == null) {
                        pausedAtNanos = System.nanoTime();
                    }
                    paused = resume;
                    checkLater = spill != null && !stuckCheckPending;
                    stuckCheckPending |= checkLater;
                }
            }
        } finally {
            lock.unlock();
        }
        if (schedule) {
            schedule();
        }
        if (checkLater) {
            checkStuckIn(spillAfterNanos);
        }
        return more;
    }

    /** Whether the frame being offered goes to the spill without waiting to see whether the route is stuck. */
    private boolean spillAtOnce() {
        return parked ? filling.count() >= Math.min(maxFrames, PARKED_FRAMES)
                : spillAfterNanos == 0 && filling.count() >= maxFrames;
    }

    /**
     * Asks the drain to fetch the trades up to {@code tradeId} that the socket did not deliver (a data-stall probe found
     * them on the exchange) before the frames that come from now on (any thread): the pipeline runs it first in the
     * next batch ({@link FrameBatch#catchUpTo}).
     *
     * @param foundMicros when they were found, µs since the epoch: the receive time the fetched trades carry
     */
    public void catchUp(long tradeId, long foundMicros) {
        boolean schedule;
        lock.lock();
        try {
            filling.catchUpTo(tradeId, foundMicros);
            schedule = !draining;
            draining = true;
        } finally {
            lock.unlock();
        }
        if (schedule) {
            schedule();
        }
    }

    /**
     * The gap the parked stream waits for is ready (any thread): a drain runs the held frames again. When the drain
     * has not parked yet, it will not park.
     */
    public void wake() {
        boolean schedule;
        lock.lock();
        try {
            schedule = parked;
            parked = false;
            woken = !schedule;
        } finally {
            lock.unlock();
        }
        if (schedule) {
            schedule();
        }
    }

    /**
     * The stream has left its connection and stops: a reader paused for this inbox reads on now, instead of when the
     * drain takes its next batch — which a stuck route may never do, and a shared connection carries other streams.
     * Frames still held are not touched. Any thread.
     */
    public void releaseReader() {
        Runnable resume;
        lock.lock();
        try {
            resume = paused;
            paused = null;
        } finally {
            lock.unlock();
        }
        if (resume != null) {
            resume.run();
        }
    }

    /** Whether the stream waits for a gap being fetched (no drain runs until {@link #wake}). */
    public boolean parked() {
        lock.lock();
        try {
            return parked;
        } finally {
            lock.unlock();
        }
    }

    private void checkStuckIn(long nanos) {
        try {
            timer.schedule(stuckCheck, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the process stops: the drain resumes the reader as it takes the batch
        }
    }

    /**
     * The timer's check: when the reader is still paused {@code spillAfter} after it paused (the drain took no batch
     * meanwhile), the route is stuck: frames go to the spill from now on and the reader resumes.
     */
    private void checkStuck() {
        Runnable resume = null;
        long again = 0;
        lock.lock();
        try {
            stuckCheckPending = false;
            if (paused != null) {
                long waited = System.nanoTime() - pausedAtNanos;
                if (waited >= spillAfterNanos) {
                    spilling = true;
                    resume = paused;
                    paused = null;
                } else {
                    stuckCheckPending = true;
                    again = spillAfterNanos - waited;
                }
            }
        } finally {
            lock.unlock();
        }
        if (resume != null) {
            LOG.debug("The route took no batch for {} ms: frames spill to disk", spillAfterNanos / 1_000_000);
            resume.run();
        } else if (again > 0) {
            checkStuckIn(again);
        }
    }

    private void schedule() {
        try {
            executor.execute(drainTask);
        } catch (RejectedExecutionException e) {
            // the pool is shut down (the process stops): drain here, so that nothing offered is left behind
            boolean more = true;
            while (more) {
                more = drainOnce();
            }
        }
    }

    /**
     * One turn: takes the frames waiting and drains them as one batch, then gives the thread back — re-queued behind the
     * other streams' drains when more frames came meanwhile, so that a busy stream cannot hold a thread of a bounded
     * pool for ever, and each stream's next batch holds what arrived while the others had their turn.
     */
    private void drainTurn() {
        if (drainOnce()) {
            schedule();
        }
    }

    /** Drains one batch; true when more frames came meanwhile (the drain stays due). */
    private boolean drainOnce() {
        drainThread = Thread.currentThread();
        turnStartedNanos = System.nanoTime();
        FrameBatch batch;
        Runnable resume = null;
        boolean spilled = false;
        boolean held = false;
        lock.lock();
        try {
            spilling = spilling && spill.holdsFrames(); // under the lock: no frame is being spilled now
            if (filling.isEmpty() && !spilling) {
                finished();
                drainThread = null;
                turnStartedNanos = -1;
                return false;
            }
            if (filling.isEmpty()) {
                batch = spare; // the frames in memory, if any, are newer than the spilled ones
                spilled = true;
            } else {
                batch = filling;
                filling = spare;
                spare = batch;
                resume = paused;
                paused = null;
            }
        } finally {
            lock.unlock();
        }
        try {
            if (resume != null) {
                resume.run();
            }
            if (!spilled || spill.read(batch, maxFrames) > 0) {
                held = drainInExchanges(batch);
            }
        } catch (RuntimeException e) {
            LOG.error("A batch of {} frames could not be drained; they are lost to this run", batch.count(), e);
        } finally {
            if (!held) {
                batch.clear();
            }
            drainThread = null;
            turnStartedNanos = -1;
        }
        lock.lock();
        try {
            if (held) {
                return park(batch);
            }
            spilling = spilling && spill.holdsFrames();
            boolean more = !filling.isEmpty() || spilling;
            if (!more) {
                finished();
            }
            return more;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands the batch to the drain at most {@code maxFrames} frames at a time: the reader stops asking for frames at
     * the bound, but the socket still delivers those it was already asked for, and they join the batch.
     *
     * @return true when the pipeline held frames back, or its catch-up (a gap being fetched): the rest of the batch
     *         waits
     */
    private boolean drainInExchanges(FrameBatch batch) {
        int frames = batch.count();
        if (frames == 0 && batch.catchUpTradeId() == FrameBatch.NO_CATCH_UP) {
            return false;
        }
        int from = 0;
        do { // once at least: a batch of no frame carries a catch-up
            batch.window(from, Math.min(frames, from + maxFrames));
            drain.accept(batch);
            if (batch.held() > 0 || batch.catchUpTradeId() != FrameBatch.NO_CATCH_UP) {
                return true;
            }
            from += maxFrames;
        } while (from < frames);
        return false;
    }

    /**
     * The frames the pipeline held back go in front of those that came meanwhile (the spill's, if any, are newer
     * still), and the stream parks unless woken already. Under the lock; {@code batch} is the spare batch.
     *
     * @return true when a drain is due at once (the gap was ready before the drain parked)
     */
    private boolean park(FrameBatch batch) {
        batch.retainHeld(filling);
        filling.clear();
        spare = filling;
        filling = batch;
        if (woken) {
            woken = false;
            return true;
        }
        parked = true;
        return false;
    }

    /** No frame waits: the next offer schedules a drain. Under the lock. */
    private void finished() {
        draining = false;
        idle.signalAll();
    }

    /**
     * Waits until every frame offered so far has been drained (when the stream stops: after the socket is closed,
     * before the sinks are). Returns at once when called from the drain itself.
     *
     * @return false if {@code timeoutMillis} passed first
     */
    public boolean awaitDrained(long timeoutMillis) throws InterruptedException {
        if (Thread.currentThread() == drainThread) {
            return false;
        }
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (draining) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long the drain has been on its current batch (the route: pipeline, sinks, retries, backfills), 0 when no
     * batch is being drained: a route that blocks shows here while its socket waits.
     */
    public long busyForNanos(long nowNanos) {
        long started = turnStartedNanos;
        return started < 0 ? 0 : Math.max(0, nowNanos - started);
    }

    /**
     * Whether nothing waits here and nothing here will resume a paused reader: no frame in memory or in the spill, no
     * batch being drained, no resume held for the reader.
     */
    public boolean quiescent() {
        lock.lock();
        try {
            return filling.isEmpty() && !spilling && paused == null && turnStartedNanos < 0;
        } finally {
            lock.unlock();
        }
    }

    /** The thread draining a batch now, or null. */
    public Thread drainThread() {
        return drainThread;
    }

    /** Frames waiting for the drain right now (not counting a batch being drained). */
    public int pending() {
        lock.lock();
        try {
            return filling.count();
        } finally {
            lock.unlock();
        }
    }
}
