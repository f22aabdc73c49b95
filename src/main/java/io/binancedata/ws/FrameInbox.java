package io.binancedata.ws;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 */
public final class FrameInbox {
    private static final Logger LOG = LoggerFactory.getLogger(FrameInbox.class);
    private final int maxFrames;
    private final Executor executor;
    private final Consumer<FrameBatch> drain;
    private final Runnable drainTask = this::drainLoop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private FrameBatch filling = new FrameBatch();
    private FrameBatch spare = new FrameBatch();
    private boolean draining;
    private Runnable paused;
    private volatile Thread drainThread;

    /**
     * @param maxFrames most frames handed over at once; the reader pauses when this many are waiting
     * @param executor  runs the drains (any thread; one drain of this inbox at a time)
     * @param drain     takes one batch (on the executor's thread); its batch is cleared when it returns
     */
    public FrameInbox(int maxFrames, Executor executor, Consumer<FrameBatch> drain) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1, was " + maxFrames);
        }
        this.maxFrames = maxFrames;
        this.executor = executor;
        this.drain = drain;
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
        lock.lock();
        try {
            filling.append(frame, receiveTimeMicros);
            schedule = !draining;
            draining = true;
            more = filling.count() < maxFrames || resume == null;
            if (!more) {
                paused = resume;
            }
        } finally {
            lock.unlock();
        }
        if (schedule) {
            schedule();
        }
        return more;
    }

    private void schedule() {
        try {
            executor.execute(drainTask);
        } catch (RejectedExecutionException e) {
            drainLoop();
        }
    }

    private void drainLoop() {
        drainThread = Thread.currentThread();
        try {
            while (true) {
                FrameBatch batch;
                Runnable resume;
                lock.lock();
                try {
                    if (filling.count() == 0) {
                        draining = false;
                        idle.signalAll();
                        return;
                    }
                    batch = filling;
                    filling = spare;
                    spare = batch;
                    resume = paused;
                    paused = null;
                } finally {
                    lock.unlock();
                }
                if (resume != null) {
                    resume.run();
                }
                try {
                    drain.accept(batch);
                } catch (RuntimeException e) {
                    LOG.error("A batch of {} frames could not be drained; they are lost to this run", batch.count(), e);
                } finally {
                    batch.clear();
                }
            }
        } finally {
            drainThread = null;
        }
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
