package io.binancedata.fake;

import org.agrona.concurrent.EpochNanoClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The markets of a burst ({@link BurstPlan}) and the gate that holds their trades back: every burst symbol trades
 * the bundled BTCUSDT trades looped (one shared {@link TradeSequence} cut at the warm-up plus the measured trades); a
 * trade stream connection is held silent until each of the plan's streams has an open connection, then every held
 * connection is woken and sends. With a warm-up, each connection then stops after the warm-up trades until
 * {@link #releaseMeasured()} wakes it again. A connection opened after the first release starts at its stream's next
 * trade not yet sent, or, when the market trades on ({@link FakeExchangeOptions#burstMarketTradesOn}, steady bursts),
 * at the first trade not yet due if that is later. Thread-safe.
 */
final class Burst {
    private final BurstPlan plan;
    private final Map<String, SymbolMarket> markets = new LinkedHashMap<>();
    private final Map<String, Integer> streamOf = new HashMap<>();
    private final BurstLog log;
    private final int[] connections;
    private final boolean marketTradesOn;
    private final boolean klines;
    private final List<Runnable> held = new ArrayList<>();
    private int streamsConnected;
    private volatile boolean subscribed;
    private volatile boolean released;
    private volatile MarketClock releaseClock;

    Burst(BurstPlan plan, Duration loopGap, EpochNanoClock clock, boolean marketTradesOn) {
        this(plan, plan.symbols(), TradeTape.bundledBtcusdt(), loopGap, clock, marketTradesOn, false);
    }

    /**
     * A synthetic market ({@link SyntheticMarket}): the plan's streams under the market's symbols, released now, with
     * kline streams aggregating their trades.
     */
    static Burst releasedNow(SyntheticMarket market, Duration loopGap, EpochNanoClock clock, boolean marketTradesOn) {
        Burst burst = new Burst(market.plan(), market.tradingSymbols(), market.tape(), loopGap, clock, marketTradesOn,
                true);
        List<Runnable> none;
        synchronized (burst) {
            burst.subscribed = true;
            burst.log.onSubscribed();
            none = burst.release();
        }
        none.forEach(Runnable::run);
        return burst;
    }

    private Burst(BurstPlan plan, List<String> symbols, TradeTape tape, Duration loopGap, EpochNanoClock clock,
                  boolean marketTradesOn, boolean klines) {
        this.plan = plan;
        this.marketTradesOn = marketTradesOn;
        this.klines = klines;
        TradeSequence trades = new TradeSequence(tape, true, loopGap.toMillis(),
                plan.tradesSentPerStream());
        for (int i = 0; i < symbols.size(); i++) {
            markets.put(symbols.get(i), SymbolMarket.burst(symbols.get(i), trades));
            streamOf.put(symbols.get(i), i);
        }
        this.log = new BurstLog(plan, symbols, trades, clock, this::releaseMeasured);
        this.connections = new int[plan.streams()];
    }

    BurstPlan plan() {
        return plan;
    }

    BurstLog log() {
        return log;
    }

    /** The markets by symbol, in stream order (for REST and exchangeInfo). */
    Map<String, SymbolMarket> markets() {
        return markets;
    }

    /** Whether trade {@code seq} of a stream may be sent now: a warm-up trade once subscribed, the rest once released. */
    boolean mayAdvanceTo(long seq) {
        return seq < plan.warmupTrades() ? subscribed : released;
    }

    /** A clock reading 0 ms at the release and running at real time (steady bursts pace by it); null before. */
    MarketClock releaseClock() {
        return releaseClock;
    }

    /**
     * The frames of a burst trade stream (of a synthetic market: or kline stream) for a subscription made now; empty
     * for any other stream.
     */
    Optional<FrameSource> source(StreamName name) {
        Integer stream = streamOf.get(name.symbol());
        if (stream == null || name.isKline() && !klines) {
            return Optional.empty();
        }
        SymbolMarket market = markets.get(name.symbol());
        if (name.isKline()) {
            return Optional.of(new BurstKlineFrameSource(name, stream, market, this));
        }
        long start = subscribed ? market.sentHighWater() + 1 : 0;
        if (released && marketTradesOn && plan.isSteady()) { // a steady burst has no warm-up
            // the last trade is always sent over the WebSocket, so the burst completes
            long due = Math.min(firstDueFrom(stream, releaseClock.exchangeNow()), plan.tradesPerStream() - 1L);
            if (due > start) {
                // the trades in between happened while no connection took them: REST serves them from now on
                market.markSent(due - 1);
                start = due;
            }
        }
        return Optional.of(new BurstFrameSource(name.name(), stream, market, start, this));
    }

    /** The first trade of {@code stream} due at or after {@code millis} after the release. */
    private long firstDueFrom(int stream, long millis) {
        long index = Math.max(0, (long) (millis * plan.tradesPerSecond() / 1000.0 - stream) / plan.streams() - 1);
        while (plan.dueMillis(stream, index) < millis) {
            index++;
        }
        return index;
    }

    /**
     * A connection for {@code names} opened; {@code wake} (safe from any thread) resumes its replayer. When this was
     * the last stream without a connection, releases the burst, or with a warm-up its warm-up trades.
     */
    void onOpened(List<StreamName> names, Runnable wake) {
        List<Runnable> toWake = List.of();
        synchronized (this) {
            for (int stream : streams(names)) {
                if (connections[stream]++ == 0) {
                    streamsConnected++;
                }
            }
            if (!released) {
                held.add(wake); // kept until the measured release: a warm-up connection stops again after the warm-up
                if (!subscribed && streamsConnected == plan.streams()) {
                    subscribed = true;
                    log.onSubscribed();
                    toWake = plan.hasWarmup() ? new ArrayList<>(held) : release();
                }
            }
        }
        toWake.forEach(Runnable::run);
    }

    /**
     * Releases the measured trades of a burst with a warm-up and wakes every connection opened before.
     *
     * @throws IllegalStateException without a warm-up, before every warm-up trade was sent, or when released already
     */
    void releaseMeasured() {
        List<Runnable> toWake;
        synchronized (this) {
            if (!plan.hasWarmup()) {
                throw new IllegalStateException("this burst has no warm-up: it was released when every stream had a"
                        + " connection");
            }
            if (released) {
                throw new IllegalStateException("the measured burst was released already");
            }
            if (!log.isWarmedUp()) {
                throw new IllegalStateException("the warm-up is not over: " + (subscribed
                        ? "not every warm-up trade has been sent" : "not every stream has a connection"));
            }
            toWake = release();
        }
        toWake.forEach(Runnable::run);
    }

    synchronized void onClosed(List<StreamName> names) {
        for (int stream : streams(names)) {
            if (--connections[stream] == 0) {
                streamsConnected--;
            }
        }
    }

    /** Releases the measured trades (the caller holds the lock); returns the connections to wake once it let go. */
    private List<Runnable> release() {
        releaseClock = MarketClock.startingNow(0, 1.0);
        released = true;
        log.onReleased();
        List<Runnable> toWake = new ArrayList<>(held);
        held.clear();
        return toWake;
    }

    void onSent(int stream, long seq, boolean first, long sendMicros) {
        log.onSent(stream, seq, first, sendMicros);
    }

    /** The distinct burst trade streams among {@code names}. */
    private List<Integer> streams(List<StreamName> names) {
        List<Integer> streams = new ArrayList<>();
        for (StreamName name : names) {
            Integer stream = name.isKline() ? null : streamOf.get(name.symbol());
            if (stream != null && !streams.contains(stream)) {
                streams.add(stream);
            }
        }
        return streams;
    }
}
