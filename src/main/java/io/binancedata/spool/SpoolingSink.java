package io.binancedata.spool;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sink that loses nothing while it fails. Each message is handled on the caller's thread:
 * <ol>
 *   <li>if the spool holds undelivered messages, it is appended behind them (it never overtakes them);</li>
 *   <li>else it goes to the sink through the circuit breaker, retried up to {@code maxRedeliveries} times
 *       {@code redeliveryDelay} apart (blocking the caller: back-pressure); after the last failure, or as soon as the
 *       breaker refuses calls, it is appended to the spool;</li>
 *   <li>a message the spool cannot take (full, disk error) is thrown back to the caller, never dropped; so is one
 *       the sink refuses as invalid ({@link MessageRejectedException}), which is not retried.</li>
 * </ol>
 * A slow sink is treated like a failing one, without the retries: once a direct delivery succeeded but took longer
 * than {@code slowDeliveryMillis} (when set), every message is appended to the spool (the caller, a stream's drain, goes on at
 * disk speed) until the drainer has emptied the spool with a delivery within that time; then direct delivery resumes.
 * So a slow sink holds its caller up for one delivery per episode, never for its backlog.
 * A drainer thread ({@code spool-<name>}) re-delivers spooled messages in order, one at a time or, to a sink that
 * takes runs ({@link Delivery#maxRun()}), as many as are spooled up to that run in one call, whenever the
 * breaker lets a call through (an open breaker lets one probe through after {@code waitDurationInOpenState}),
 * removing each only after the sink accepted it. A message of one caller therefore reaches the sink after every
 * earlier message of the same caller. Delivery is at-least-once: a message accepted by the sink but not yet removed
 * from the spool when the process dies is delivered again after a restart.
 *
 * <p>Log lines, one per change of state: {@code sink <name> failing, spooling (<cause>)} (WARN) and
 * {@code sink <name> recovered, <n> spooled messages re-delivered} (INFO); an unwritable spool is logged once at
 * ERROR until it accepts messages again.
 */
public final class SpoolingSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolingSink.class);

    private final String name;
    private final SpoolStore store;
    private final Delivery delivery;
    private final SpoolSettings settings;
    private final SpoolCounters counters;
    private final CircuitBreaker breaker;
    private final SpoolDrainer drainer;
    private final AtomicBoolean spoolFailing = new AtomicBoolean();
    private boolean spooling;
    private long redeliveredBefore;
    /** A direct delivery was slow: spool everything until the drainer has caught up with a fast delivery. */
    private volatile boolean slow;
    /**
     * A sink near the slow threshold (Kafka with acks=all) switches between direct delivery and its spool often: one
     * INFO pair ("slow", "caught up") per minute at most, the other switches counted into the next line (DEBUG).
     */
    private static final long SLOW_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** When the last "slow" INFO line was logged; an interval back at first, so that the first switch is logged. */
    private long slowLoggedAtNanos = System.nanoTime() - SLOW_LOG_INTERVAL_NANOS;
    private int slowSwitchesUnlogged;
    private boolean slowAnnounced;
    /** Whether the drainer's last delivery took no longer than slowDeliveryMillis. */
    private volatile boolean lastRedeliveryFast = true;
    private final long slowNanos;

    /**
     * @param name     the sink's name, used in log lines and the drainer thread's name
     * @param store    the open spool; closed by the caller after {@link #close()}
     * @param delivery hands a message to the sink
     * @param counters updated by this sink
     */
    public SpoolingSink(String name, SpoolStore store, Delivery delivery, SpoolSettings settings,
                        SpoolCounters counters) {
        this.name = name;
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
        this.counters = counters;
        this.breaker = CircuitBreaker.of("spool-" + name, settings.circuitBreakerConfig());
        breaker.getEventPublisher().onStateTransition(event ->
                LOG.debug("sink {}: circuit breaker {}", name, event.getStateTransition()));
        this.drainer = new SpoolDrainer(name, this, store, breaker, settings, counters);
        this.slowNanos = settings.slowDeliveryMillis() == 0 ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(settings.slowDeliveryMillis());
    }

    /** Starts the drainer; messages a previous run left in the spool are re-delivered before any new one. */
    public void start() {
        if (!store.isEmpty()) {
            synchronized (this) {
                spooling = true;
                redeliveredBefore = counters.redelivered();
            }
            LOG.info("sink {}: {} messages ({} bytes) left in {} by a previous run, re-delivering them first",
                    name, store.depth(), store.depthBytes(), store.directory());
        }
        drainer.start("spool-" + name);
    }

    /**
     * Delivers a message or spools it; returns once either is done.
     *
     * @throws MessageRejectedException if the sink refused the message as invalid
     * @throws IOException              if the message had to be spooled and the spool could not take it
     *                                  ({@link SpoolFullException} when full)
     */
    public void send(SpoolRecord record) throws IOException, MessageRejectedException {
        boolean behindOthers = true;
        try {
            if (slow) {
                store.append(record);
            } else {
                behindOthers = store.appendIfNotEmpty(record);
            }
        } catch (IOException e) {
            throw onSpoolError(e);
        }
        if (behindOthers) {
            onSpooled();
            return;
        }
        Exception failure = deliverDirectly(record);
        if (failure != null) {
            try {
                store.append(record);
            } catch (IOException e) {
                e.addSuppressed(failure);
                throw onSpoolError(e);
            }
            onSpooled();
            onFailing(failure);
        }
    }

    /** The circuit breaker's state: CLOSED, OPEN or HALF_OPEN. */
    public CircuitBreaker.State circuitBreakerState() {
        return breaker.getState();
    }

    /** Stops the drainer, waiting for a delivery in progress; the spool stays as it is. */
    @Override
    public void close() {
        drainer.stop();
    }

    /**
     * One call to the sink through the breaker, which must have granted permission; the outcome is recorded on it.
     *
     * @return null if the sink accepted the message, else why not
     */
    Exception attempt(SpoolRecord record) {
        return attempt(List.of(record));
    }

    /** Most spooled messages the drainer hands to the sink in one call. */
    int maxRun() {
        return Math.max(1, delivery.maxRun());
    }

    /**
     * As {@link #attempt(SpoolRecord)} for a run of at most {@link #maxRun()} messages, handed over in one call.
     *
     * @return null if the sink accepted every message, else why not
     */
    Exception attempt(List<SpoolRecord> run) {
        long start = System.nanoTime();
        boolean recorded = false;
        try {
            delivery.deliver(run);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            recorded = true;
            return null;
        } catch (Exception e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            recorded = true;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return e;
        } finally {
            if (!recorded) {
                breaker.releasePermission();
            }
        }
    }

    /** Called by the drainer after the sink accepted a run of spooled messages in {@code nanos}. */
    void onRedelivered(long nanos) {
        lastRedeliveryFast = nanos <= slowNanos;
    }

    /** Called by the drainer when it found the spool empty. */
    void onDrained() {
        long redelivered;
        boolean wasSlow;
        boolean quiet;
        synchronized (this) {
            if (!spooling || !store.isEmpty() || slow && !lastRedeliveryFast) {
                return;
            }
            spooling = false;
            wasSlow = slow;
            slow = false;
            redelivered = counters.redelivered() - redeliveredBefore;
            quiet = wasSlow && !slowAnnounced;
        }
        if (quiet) {
            LOG.debug("sink {} caught up, {} spooled messages re-delivered", name, redelivered);
        } else {
            LOG.info("sink {} {}, {} spooled messages re-delivered", name, wasSlow ? "caught up" : "recovered",
                    redelivered);
        }
    }

    /** Whether the sink is spooling because a delivery was slow. */
    public boolean isSlow() {
        return slow;
    }

    /** @return null if the sink accepted the message, else the last failure: the message must be spooled */
    private Exception deliverDirectly(SpoolRecord record) throws MessageRejectedException {
        Exception failure = null;
        for (int attempt = 0; attempt <= settings.maxRedeliveries(); attempt++) {
            if (attempt > 0 && !pause(settings.redeliveryDelayMillis())) {
                return failure;
            }
            if (!breaker.tryAcquirePermission()) {
                return failure != null ? failure : CallNotPermittedException.createCallNotPermittedException(breaker);
            }
            long start = System.nanoTime();
            failure = attempt(record);
            if (failure == null) {
                counters.onDelivered();
                onDelivered(System.nanoTime() - start);
                return null;
            }
            if (failure instanceof MessageRejectedException rejected) {
                counters.onRejected();
                throw rejected;
            }
            counters.onFailedAttempt();
        }
        return failure;
    }

    /** A direct delivery succeeded in {@code nanos}: a slow one switches to spooling. */
    private void onDelivered(long nanos) {
        if (nanos <= slowNanos || slow) {
            return;
        }
        int unlogged;
        boolean announce;
        synchronized (this) {
            if (slow) {
                return;
            }
            slow = true;
            lastRedeliveryFast = false;
            if (!spooling) {
                spooling = true;
                redeliveredBefore = counters.redelivered();
            }
            long now = System.nanoTime();
            announce = now - slowLoggedAtNanos >= SLOW_LOG_INTERVAL_NANOS;
            slowAnnounced = announce;
            unlogged = slowSwitchesUnlogged;
            if (announce) {
                slowLoggedAtNanos = now;
                slowSwitchesUnlogged = 0;
            } else {
                slowSwitchesUnlogged++;
            }
        }
        if (announce) {
            LOG.info("sink {} slow (a delivery took {} ms, over {} ms), spooling until it has caught up{}", name,
                    TimeUnit.NANOSECONDS.toMillis(nanos), settings.slowDeliveryMillis(),
                    unlogged == 0 ? "" : "; " + unlogged + " more such switch(es) since the last line, not logged");
        } else {
            LOG.debug("sink {} slow again (a delivery took {} ms), spooling until it has caught up", name,
                    TimeUnit.NANOSECONDS.toMillis(nanos));
        }
    }

    private void onSpooled() {
        counters.onSpooled();
        if (spoolFailing.get() && spoolFailing.compareAndSet(true, false)) {
            LOG.info("sink {}: spool {} accepts messages again", name, store.directory());
        }
    }

    private void onFailing(Exception cause) {
        synchronized (this) {
            if (spooling) {
                return;
            }
            spooling = true;
            redeliveredBefore = counters.redelivered();
        }
        // once per outage, with the cause: nothing else logs why a spooled sink's deliveries fail
        LOG.warn("sink {} failing, spooling ({})", name, cause.toString(), cause);
    }

    private IOException onSpoolError(IOException e) {
        counters.onSpoolError();
        if (spoolFailing.compareAndSet(false, true)) {
            LOG.error("sink {}: spool cannot take messages, they are thrown back to the route ({})", name,
                    e.toString());
        }
        return e;
    }

    /** @return false if interrupted (the flag is restored) */
    private static boolean pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
