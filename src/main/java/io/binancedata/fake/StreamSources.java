package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;

import java.util.Map;

/**
 * Makes the frame source of one stream subscription and the replayer of a connection: the markets' tapes (each
 * connection on its own clock, or on the exchange's global clock) or, in burst mode, the burst's streams. A stream
 * subscribed after the connection started joins its clock where it is now; a well-formed stream without a market
 * stays silent, as on Binance.
 */
final class StreamSources {
    private final FakeExchangeOptions options;
    private final Map<String, SymbolMarket> markets;
    private final MarketClock clock;
    private final ExchangeStats stats;
    private final Burst burst;

    /** @param burst the burst whose streams are served, or {@code null} to replay the markets' tapes */
    StreamSources(FakeExchangeOptions options, Map<String, SymbolMarket> markets, MarketClock clock,
                  ExchangeStats stats, Burst burst) {
        this.options = options;
        this.markets = markets;
        this.clock = clock;
        this.stats = stats;
        this.burst = burst;
    }

    /** The burst served, or {@code null}. */
    Burst burst() {
        return burst;
    }

    /**
     * The frames of {@code name} for a subscription made now on a connection whose replayer reads
     * {@code connectionNow} ({@link Replayer#exchangeNow()}; {@link Long#MIN_VALUE} before its first frame: from
     * the start of the tape).
     */
    FrameSource open(StreamName name, long connectionNow) {
        if (burst != null) {
            return burst.source(name).orElse(FrameSource.SILENT);
        }
        SymbolMarket market = markets.get(name.symbol());
        if (market == null) {
            return FrameSource.SILENT;
        }
        long now = global() ? clock.exchangeNow() : connectionNow;
        return source(name, market, now);
    }

    /**
     * The replayer of a connection: a tape connection paces by its own clock started at its first frame (or by the
     * exchange's global one, skipping what is past); a burst connection stays silent until the burst is released,
     * then sends unpaced or at the plan's steady rate on the clock started at the release.
     */
    Replayer replayer(WebSocketSession session, FrameSource source) {
        if (burst != null) {
            boolean steady = burst.plan().isSteady();
            return new Replayer(session, source, options.faults().onConnection(), stats,
                    steady ? burst::releaseClock : null, steady ? 1.0 : 0, Long.MIN_VALUE);
        }
        boolean global = global();
        return new Replayer(session, source, options.faults().onConnection(), stats, global ? () -> clock : null,
                options.speed(), global ? clock.exchangeNow() : Long.MIN_VALUE);
    }

    private boolean global() {
        return options.replayMode() == ReplayMode.GLOBAL_CLOCK && !clock.unpaced();
    }

    /** From the first frame due at or after {@code now} (a kline: of the candle open at {@code now}). */
    private static FrameSource source(StreamName name, SymbolMarket market, long now) {
        TradeSequence sequence = market.sequence();
        boolean fromStart = now == Long.MIN_VALUE || now == Long.MAX_VALUE;
        if (!name.isKline()) {
            long start = fromStart ? 0 : afterEnd(sequence.firstSeqAtOrAfter(now));
            return new TradeFrameSource(name.name(), market, start);
        }
        long start = fromStart ? 0
                : afterEnd(sequence.firstSeqAtOrAfter(KlineIntervals.openTime(name.interval(), now)));
        return new KlineFrameSource(name.name(), market, name.interval(), start);
    }

    /** {@code seq}, or past the end (a silent stream) when a finite tape ended before ({@code -1}). */
    private static long afterEnd(long seq) {
        return seq < 0 ? Long.MAX_VALUE : seq;
    }
}
