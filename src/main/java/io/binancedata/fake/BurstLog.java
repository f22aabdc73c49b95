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
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final AtomicInteger streamsLeft;
    private volatile long releaseMicros = -1;

    BurstLog(BurstPlan plan, TradeSequence trades, EpochNanoClock clock) {
        this.plan = plan;
        this.symbols = plan.symbols();
        this.trades = trades;
        this.clock = clock;
        this.sendMicros = plan.totalTrades() <= RECORD_LIMIT ? new long[plan.streams()][plan.tradesPerStream()] : null;
        this.sent = new AtomicLongArray(plan.streams());
        this.firstSend = filled(plan.streams());
        this.lastSend = filled(plan.streams());
        this.streamsLeft = new AtomicInteger(plan.streams());
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

    /** Waits until every stream has a connection and the trades are released; false on timeout. */
    public boolean awaitRelease(Duration timeout) throws InterruptedException {
        return await(released, timeout);
    }

    public boolean isReleased() {
        return released.isDone();
    }

    /** Completes (on an exchange thread) when the trades are released. */
    public CompletionStage<Void> whenReleased() {
        return released.copy();
    }

    /** When the last stream got its connection and the trades were released, µs since the epoch; -1 before. */
    public long releaseEpochMicros() {
        return releaseMicros;
    }

    /** Waits until every trade of every stream has been sent; false on timeout. */
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

    /** When the last trade of the burst was sent, µs since the epoch; -1 until then. */
    public long completionEpochMicros() {
        long last = -1;
        for (int i = 0; i < plan.streams(); i++) {
            last = Math.max(last, lastSend.get(i));
        }
        return isComplete() ? last : -1;
    }

    /** Distinct trades of stream {@code stream} sent so far (on any connection). */
    public long tradesSent(int stream) {
        return sent.get(stream);
    }

    /** When the first trade of the stream was sent (its own release), µs since the epoch; -1 before. */
    public long firstSendEpochMicros(int stream) {
        return firstSend.get(stream);
    }

    /** When the stream's last trade (number {@code tradesPerStream}) was sent, µs since the epoch; -1 before. */
    public long lastSendEpochMicros(int stream) {
        return lastSend.get(stream);
    }

    /** Whether every trade's send time is kept (bursts up to {@value #RECORD_LIMIT} trades). */
    public boolean recordsSendTimes() {
        return sendMicros != null;
    }

    /**
     * When trade {@code index} (from 0) of the stream was first sent, µs since the epoch; -1 when not sent yet.
     * Read after {@link #awaitCompletion} for a consistent view.
     *
     * @throws IllegalStateException when the burst is too large for send times to be kept
     */
    public long sendEpochMicros(int stream, int index) {
        if (sendMicros == null) {
            throw new IllegalStateException("send times are kept for bursts up to " + RECORD_LIMIT + " trades");
        }
        long time = sendMicros[stream][index];
        return time == 0 ? -1 : time;
    }

    /** Trade {@code index} (from 0) of every stream: what its frame and {@code historicalTrades} carry. */
    public TapeTrade trade(int index) {
        if (index < 0 || index >= plan.tradesPerStream()) {
            throw new IndexOutOfBoundsException("trade " + index + " of " + plan.tradesPerStream());
        }
        return trades.trade(index);
    }

    void onReleased() {
        releaseMicros = epochMicros();
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
        if (sendMicros != null) {
            sendMicros[stream][(int) seq] = now;
        }
        sent.incrementAndGet(stream);
        if (seq == 0) {
            firstSend.set(stream, now);
        }
        if (seq == plan.tradesPerStream() - 1) {
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
