package io.binancedata.spool;

import io.binancedata.threads.DaemonThreads;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread re-delivering a spool's messages, oldest first: whenever the breaker lets a call through, it hands the
 * oldest message to the sink, or to a sink that takes runs as many of the oldest as the spool holds up to
 * {@link Delivery#maxRun()} and 1 MiB in one call, and removes them once accepted. A run the sink rejects as invalid is
 * tried again one message at a time, so that only the invalid one is set aside. A failure waits
 * {@code redeliveryDelay} before the next try; a refusing breaker is asked again at most every second; an empty spool
 * is waited on. A message the sink rejects as invalid is moved to {@code rejected.spool} so it cannot block the rest.
 */
final class SpoolDrainer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDrainer.class);
    private static final long IDLE_WAIT_MILLIS = 1000;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    /** How long a stop lets a working sink empty its spool (a slow sink's backlog) before leaving the rest to the next start. */
    private static final long FINISH_TIMEOUT_MILLIS = 5_000;
    private static final long FINISH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Most bytes of spooled messages in one run (a first message alone may be larger). */
    static final long MAX_RUN_BYTES = 1 << 20;

    private final String name;
    private final SpoolingSink sink;
    private final SpoolStore store;
    private final CircuitBreaker breaker;
    private final SpoolSettings settings;
    private final SpoolCounters counters;
    private volatile boolean running;
    private volatile Thread thread;
    private String lastError;
    /** Messages still to be re-delivered one at a time because a run of them held one the sink rejected. */
    private int singlesLeft;

    SpoolDrainer(String name, SpoolingSink sink, SpoolStore store, CircuitBreaker breaker, SpoolSettings settings,
                 SpoolCounters counters) {
        this.name = name;
        this.sink = sink;
        this.store = store;
        this.breaker = breaker;
        this.settings = settings;
        this.counters = counters;
    }

    void start(String threadName) {
        running = true;
        Thread started = DaemonThreads.named(threadName).newThread(this);
        thread = started;
        started.start();
    }

    /**
     * Stops the thread: first lets it empty the spool for up to 5 s while the breaker lets calls through (messages
     * spooled because the sink was slow reach it before the process ends), then lets a delivery in progress finish for
     * up to 10 s before interrupting it. What is still spooled then is delivered at the next start.
     */
    void stop() {
        Thread stopping = thread;
        if (stopping == null) {
            running = false;
            return;
        }
        finish();
        running = false;
        store.wakeUp();
        LockSupport.unpark(stopping);
        try {
            stopping.join(STOP_TIMEOUT_MILLIS);
            if (stopping.isAlive()) {
                LOG.warn("sink {}: spool drainer still delivering after {} ms, interrupting it", name,
                        STOP_TIMEOUT_MILLIS);
                stopping.interrupt();
                stopping.join(STOP_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (on the stopping thread) until the spool is empty, the breaker refuses calls, or 5 s have passed. */
    private void finish() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FINISH_TIMEOUT_MILLIS);
        while (!store.isEmpty() && breaker.getState() == CircuitBreaker.State.CLOSED
                && System.nanoTime() - deadline < 0 && thread.isAlive()) {
            LockSupport.parkNanos(this, FINISH_POLL_NANOS);
        }
        if (!store.isEmpty()) {
            LOG.info("sink {}: stopping with {} messages in the spool; they are delivered at the next start", name,
                    store.depth());
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                drainOne();
            } catch (InterruptedException e) {
                if (!running) {
                    return; // stop() gave up waiting for a delivery
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    onError(e);
                    pause(settings.pollMillis());
                }
            }
        }
    }

    private void drainOne() throws IOException, InterruptedException {
        List<SpoolEntry> run = store.peek(singlesLeft > 0 ? 1 : sink.maxRun(), MAX_RUN_BYTES);
        if (run.isEmpty()) {
            sink.onDrained();
            store.awaitRecords(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (!breaker.tryAcquirePermission()) {
            pause(settings.pollMillis());
            return;
        }
        List<SpoolRecord> records = new ArrayList<>(run.size());
        run.forEach(entry -> records.add(entry.record()));
        long start = System.nanoTime();
        Exception failure = sink.attempt(records);
        if (failure == null) {
            sink.onRedelivered(System.nanoTime() - start);
            counters.onRedelivered(run.size());
            store.ack(run);
            singlesLeft = Math.max(0, singlesLeft - run.size());
            lastError = null;
        } else if (failure instanceof MessageRejectedException && run.size() > 1) {
            // which one? the run's messages are tried one at a time, so that only the invalid one is set aside
            singlesLeft = run.size();
        } else if (failure instanceof MessageRejectedException) {
            store.reject(run.get(0));
            counters.onRejected();
            singlesLeft = Math.max(0, singlesLeft - 1);
            LOG.error("sink {} rejected a spooled message, moved it to {} ({})", name,
                    store.directory().resolve(SpoolStore.REJECTED_FILE), failure.toString());
        } else {
            counters.onFailedAttempt();
            pause(settings.redeliveryDelayMillis());
        }
    }

    /** Logs each distinct error once in a row. */
    private void onError(Exception e) {
        String error = e.toString();
        if (!error.equals(lastError)) {
            lastError = error;
            LOG.error("sink {}: spool drainer failed, retrying", name, e);
        }
    }

    /** Parks until the time passed or the drainer is stopped. */
    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
