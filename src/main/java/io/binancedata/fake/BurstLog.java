package io.binancedata.fake;

import org.agrona.concurrent.EpochNanoClock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a burst-mode exchange ({@link FakeExchangeOptions#burst(BurstPlan)}) did, readable from any thread: when the
 * burst was released, per stream when its first and last trade went out, and (bursts up to
 * {@value #RECORD_LIMIT} trades) the send time of every trade. Times are microseconds since the epoch on
 * {@link #epochMicros()}'s clock, the system clock read through {@link java.time.Instant#now()} (Agrona's
 * {@code SystemEpochNanoClock}; µs on Linux), the clock the product stamps {@code receiveTime} with. A
 * trade's send time is read just before its frame is handed to Vert.x, so the write always follows it (a thread
 * descheduled between the two makes it early, never late): in a steady burst each frame is then flushed to the
 * socket at once (queued when the socket is full); in an unpaced burst flushes are merged, so up to 256 frames go out
 * in one socket write at the end of the event-loop task that wrote them. When two connections of one stream send the
 * same trade, the first counts.
 * <p>
 * A burst with a warm-up phase ({@link BurstPlan#withWarmup}) is released twice: its warm-up trades when every stream
 * has a connection ({@link #awaitSubscribed}), its measured trades when the harness calls {@link #releaseMeasured()}
 * (after {@link #awaitWarmup}). The release, first/last send and completion times here are the measured phase's, and
 * only the measured trades' send times are kept. Trade indexes run over the whole stream: the warm-up trades are
 * {@code 0} to {@code warmupTrades − 1}, the measured ones follow.
 */
public final class BurstLog {
    /** Largest burst (streams × trades) whose per-trade send times are kept (8 bytes each). */
    public static final long RECORD_LIMIT = 10_000_000;

    private final BurstPlan plan;
    private final List<String> symbols;
    private final TradeSequence trades;
    private final EpochNanoClock clock;
    private final long[][] sendMicros;
    private final AtomicLongArray sent;
    private final AtomicLongArray firstSend;
    private final AtomicLongArray lastSend;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final AtomicInteger streamsLeft;
    private final AtomicInteger warmupStreamsLeft;
    private final Runnable measuredRelease;
    private volatile long releaseMicros = -1;

    /** @param measuredRelease releases the measured phase of a burst with a warm-up ({@link #releaseMeasured()}) */
    BurstLog(BurstPlan plan, List<String> symbols, TradeSequence trades, EpochNanoClock clock,
             Runnable measuredRelease) {
        this.plan = plan;
        this.symbols = List.copyOf(symbols);
        this.trades = trades;
        this.clock = clock;
        this.sendMicros = plan.totalTrades() <= RECORD_LIMIT ? new long[plan.streams()][plan.tradesPerStream()] : null;
        this.sent = new AtomicLongArray(plan.streams());
        this.firstSend = filled(plan.streams());
        this.lastSend = filled(plan.streams());
        this.streamsLeft = new AtomicInteger(plan.streams());
        this.warmupStreamsLeft = new AtomicInteger(plan.streams());
        this.measuredRelease = measuredRelease;
    }

    public BurstPlan plan() {
        return plan;
    }

    /** The symbols of the streams, in stream order ({@code S0001USDT}, …). */
    public List<String> symbols() {
        return symbols;
    }

    /** Now, µs since the epoch, on the clock the send times are read from. */
    public long epochMicros() {
        return clock.nanoTime() / 1000;
    }

    /**
     * Waits until every stream has a connection, so the trades started to flow (the warm-up's, or without a warm-up
     * the measured ones: then this is the release); false on timeout.
     */
    public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        return await(subscribed, timeout);
    }

    /**
     * Waits until every warm-up trade of every stream has been sent: the burst holds until {@link #releaseMeasured()}
     * (at once without a warm-up, at the release); false on timeout.
     */
    public boolean awaitWarmup(Duration timeout) throws InterruptedException {
        return await(warmedUp, timeout);
    }

    /** Whether every warm-up trade has been sent (true from the release on for a burst without a warm-up). */
    public boolean isWarmedUp() {
        return warmedUp.isDone();
    }

    /**
     * Releases the measured phase of a burst with a warm-up, once every warm-up trade has been sent; this moment is
     * {@link #releaseEpochMicros()}.
     *
     * @throws IllegalStateException when the burst has no warm-up (it is released when every stream is subscribed),
     *                               its warm-up is not over yet, or it was released already
     */
    public void releaseMeasured() {
        measuredRelease.run();
    }

    /** Waits until the measured trades are released; false on timeout. */
    public boolean awaitRelease(Duration timeout) throws InterruptedException {
        return await(released, timeout);
    }

    public boolean isReleased() {
        return released.isDone();
    }

    /** Completes when the measured trades are released (on an exchange thread, or the one that released them). */
    public CompletionStage<Void> whenReleased() {
        return released.copy();
    }

    /**
     * When the measured trades were released (the last stream got its connection, or after a warm-up
     * {@link #releaseMeasured()} was called), µs since the epoch; -1 before.
     */
    public long releaseEpochMicros() {
        return releaseMicros;
    }

    /** Waits until every (measured) trade of every stream has been sent; false on timeout. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return await(completed, timeout);
    }

    public boolean isComplete() {
        return completed.isDone();
    }

    /** Completes (on an exchange thread) when every trade of every stream has been sent. */
    public CompletionStage<Void> whenComplete() {
        return completed.copy();
    }

    /** When the last measured trade of the burst was sent, µs since the epoch; -1 until then. */
    public long completionEpochMicros() {
        long last = -1;
        for (int i = 0; i < plan.streams(); i++) {
            last = Math.max(last, lastSend.get(i));
        }
        return isComplete() ? last : -1;
    }

    /** Distinct trades of stream {@code stream} sent so far (on any connection), warm-up trades included. */
    public long tradesSent(int stream) {
        return sent.get(stream);
    }

    /** When the first measured trade of the stream was sent (its own release), µs since the epoch; -1 before. */
    public long firstSendEpochMicros(int stream) {
        return firstSend.get(stream);
    }

    /** When the stream's last trade (index {@code tradesSentPerStream − 1}) was sent, µs since the epoch; -1 before. */
    public long lastSendEpochMicros(int stream) {
        return lastSend.get(stream);
    }

    /** Whether every measured trade's send time is kept (bursts up to {@value #RECORD_LIMIT} measured trades). */
    public boolean recordsSendTimes() {
        return sendMicros != null;
    }

    /**
     * When trade {@code index} (from 0, warm-up trades first) of the stream was first sent, µs since the epoch; -1 when
     * not sent yet, and for every warm-up trade (their send times are not kept). Read after {@link #awaitCompletion}
     * for a consistent view.
     *
     * @throws IllegalStateException when the burst is too large for send times to be kept
     */
    public long sendEpochMicros(int stream, int index) {
        if (sendMicros == null) {
            throw new IllegalStateException("send times are kept for bursts up to " + RECORD_LIMIT + " trades");
        }
        if (index < plan.warmupTrades()) {
            return -1;
        }
        long time = sendMicros[stream][index - plan.warmupTrades()];
        return time == 0 ? -1 : time;
    }

    /**
     * Trade {@code index} (from 0, warm-up trades first) of every stream: what its frame and {@code historicalTrades}
     * carry.
     */
    public TapeTrade trade(int index) {
        if (index < 0 || index >= plan.tradesSentPerStream()) {
            throw new IndexOutOfBoundsException("trade " + index + " of " + plan.tradesSentPerStream());
        }
        return trades.trade(index);
    }

    /** Every stream has a connection: the warm-up trades (or, without a warm-up, the measured ones) flow. */
    void onSubscribed() {
        subscribed.complete(null);
    }

    void onReleased() {
        releaseMicros = epochMicros();
        if (!plan.hasWarmup()) {
            warmedUp.complete(null);
        }
        released.complete(null);
    }

    /**
     * A connection sent trade {@code seq} of the stream, the clock read just before it was handed to the socket;
     * {@code first}: no connection had sent it before.
     */
    void onSent(int stream, long seq, boolean first, long now) {
        if (!first) {
            return;
        }
        sent.incrementAndGet(stream);
        long measured = seq - plan.warmupTrades();
        if (measured < 0) {
            if (measured == -1 && warmupStreamsLeft.decrementAndGet() == 0) {
                warmedUp.complete(null);
            }
            return;
        }
        if (sendMicros != null) {
            sendMicros[stream][(int) measured] = now;
        }
        if (measured == 0) {
            firstSend.set(stream, now);
        }
        if (measured == plan.tradesPerStream() - 1) {
            lastSend.set(stream, now);
            if (streamsLeft.decrementAndGet() == 0) {
                completed.complete(null);
            }
        }
    }

    private static boolean await(CompletableFuture<Void> future, Duration timeout) throws InterruptedException {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a burst future failed", e.getCause());
        }
    }

    private static AtomicLongArray filled(int length) {
        AtomicLongArray array = new AtomicLongArray(length);
        for (int i = 0; i < length; i++) {
            array.set(i, -1);
        }
        return array;
    }
}
