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
 * the bundled BTCUSDT trades looped (one shared {@link TradeSequence} cut at {@code tradesPerStream}); a trade stream
 * connection is held silent until each of the plan's streams has an open connection, then every held connection is
 * woken and sends. A connection opened after the release starts at its stream's next trade not yet sent. Thread-safe.
 */
final class Burst {
    private final BurstPlan plan;
    private final Map<String, SymbolMarket> markets = new LinkedHashMap<>();
    private final Map<String, Integer> streamOf = new HashMap<>();
    private final BurstLog log;
    private final int[] connections;
    private final List<Runnable> held = new ArrayList<>();
    private int streamsConnected;
    private volatile boolean released;
    private volatile MarketClock releaseClock;

    Burst(BurstPlan plan, Duration loopGap, EpochNanoClock clock) {
        this.plan = plan;
        TradeSequence trades = new TradeSequence(TradeTape.bundledBtcusdt(), true, loopGap.toMillis(),
                plan.tradesPerStream());
        List<String> symbols = plan.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            markets.put(symbols.get(i), SymbolMarket.burst(symbols.get(i), trades));
            streamOf.put(symbols.get(i), i);
        }
        this.log = new BurstLog(plan, trades, clock);
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

    boolean isReleased() {
        return released;
    }

    /** A clock reading 0 ms at the release and running at real time (steady bursts pace by it); null before. */
    MarketClock releaseClock() {
        return releaseClock;
    }

    /** The frames of a burst trade stream for a connection opening now; empty for any other stream. */
    Optional<FrameSource> source(StreamName name) {
        Integer stream = name.isKline() ? null : streamOf.get(name.symbol());
        if (stream == null) {
            return Optional.empty();
        }
        SymbolMarket market = markets.get(name.symbol());
        long start = released ? market.sentHighWater() + 1 : 0;
        return Optional.of(new BurstFrameSource(name.name(), stream, market, start, this));
    }

    /**
     * A connection for {@code names} opened; {@code wake} (safe from any thread) resumes its replayer. Releases the
     * burst when this was the last stream without a connection.
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
                held.add(wake);
                if (streamsConnected == plan.streams()) {
                    releaseClock = MarketClock.startingNow(0, 1.0);
                    released = true;
                    log.onReleased();
                    toWake = new ArrayList<>(held);
                    held.clear();
                }
            }
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
