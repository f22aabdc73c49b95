package io.binancedata.fake;

import io.binancedata.fake.FaultPlan.ConnectionFaults;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a connection's frames when they are due by its market clock, as fast as the socket drains when unpaced
 * (never past a full write queue: it waits for the drain), and applies the connection's faults. Runs on the
 * connection's event loop only.
 */
final class Replayer {
    /** Frames sent in one go before yielding the event loop to other work (pings, other sockets). */
    static final int BATCH = 256;

    private final WebSocketSession session;
    private final FrameSource source;
    private final ConnectionFaults faults;
    private final ExchangeStats stats;
    private final Supplier<MarketClock> sharedClock;
    private final double speed;
    private final long skipBefore;
    private MarketClock clock;
    private long timer = -1;
    private long sent;
    private boolean stopped;
    private boolean yielded;

    /**
     * @param sharedClock the exchange's clock (global replay; a steady burst's, once released) read at the first frame,
     *                    or {@code null} to start a clock for this connection
     *                    at its first frame
     * @param skipBefore  frames due before this exchange time are dropped unsent (joining a running market)
     */
    Replayer(WebSocketSession session, FrameSource source, ConnectionFaults faults, ExchangeStats stats,
             Supplier<MarketClock> sharedClock, double speed, long skipBefore) {
        this.session = session;
        this.source = source;
        this.faults = faults;
        this.stats = stats;
        this.sharedClock = sharedClock;
        this.speed = speed;
        this.skipBefore = skipBefore;
    }

    void start() {
        if (faults.stallAfter() == 0) {
            stall();
            return;
        }
        if (faults.unresponsiveAfter() == 0) {
            unresponsive();
            return;
        }
        pump();
    }

    /** Resumes a pump that found nothing to send (a held burst just released); call on the connection's event loop. */
    void wake() {
        if (!stopped && timer < 0) {
            pump();
        }
    }

    /**
     * Sends what a subscription just added is due to send: drops a timer set for a later frame and pumps at once (a
     * pump waiting for the socket to drain keeps waiting). Call on the connection's event loop.
     */
    void onSubscribed() {
        if (stopped || yielded) {
            return; // a yielded pump comes back by itself and sees the new stream
        }
        if (timer >= 0) {
            session.vertx().cancelTimer(timer);
        }
        pump();
    }

    /**
     * The connection's exchange time now, for a stream subscribed later to join at: {@link Long#MIN_VALUE} before its
     * first frame started its clock (or when it runs on a shared clock or unpaced: the source decides).
     */
    long exchangeNow() {
        return clock == null || sharedClock != null || clock.unpaced() ? Long.MIN_VALUE : clock.exchangeNow();
    }

    void stop() {
        stopped = true;
        if (timer >= 0) {
            session.vertx().cancelTimer(timer);
            timer = -1;
        }
    }

    private void pump() {
        timer = -1;
        yielded = false;
        int budget = BATCH;
        while (!stopped) {
            if (session.isClosed()) {
                stop(); // the client went away (or the exchange is closing): a closed socket cannot be written
                return;
            }
            if (session.writeQueueFull()) {
                session.onDrain(this::pump);
                return;
            }
            Frame frame = source.peek();
            if (frame == null) {
                return;
            }
            if (frame.time() < skipBefore) {
                source.advance();
                continue;
            }
            if (clock == null) {
                clock = sharedClock != null ? sharedClock.get() : MarketClock.startingNow(frame.time(), speed);
            }
            long waitNanos = clock.nanosUntil(frame.time());
            if (waitNanos >= 1_000_000) {
                timer = session.vertx().setTimer(TimeUnit.NANOSECONDS.toMillis(waitNanos), id -> pump());
                return;
            }
            if (budget-- == 0) {
                yielded = true;
                session.context().runOnContext(ignored -> pump());
                return;
            }
            source.onSending();
            session.send(frame);
            source.advance();
            sent++;
            applyFaults();
        }
    }

    private void applyFaults() {
        if (faults.malformedEvery() > 0 && sent % faults.malformedEvery() == 0) {
            session.sendExtra(faults.malformedFrame());
            stats.onMalformedInjected();
        }
        if (sent == faults.resetAfter()) {
            stop();
            session.reset();
        } else if (sent == faults.shutdownAfter()) {
            String event = "{\"e\":\"serverShutdown\",\"E\":" + System.currentTimeMillis() + "}";
            session.sendExtra(session.isCombined() ? SubscribedFrameSource.wrap("!serverShutdown", event) : event);
            stop();
        } else if (sent == faults.stallAfter()) {
            stall();
        } else if (sent == faults.unresponsiveAfter()) {
            unresponsive();
        }
    }

    private void unresponsive() {
        stop();
        session.becomeUnresponsive();
    }

    private void stall() {
        stop();
        if (!faults.keepPinging()) {
            session.stopPinging();
        }
    }
}
