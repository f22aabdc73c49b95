package io.binancedata.fake;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One symbol's market: its trade sequence and how far it has "happened" — by the exchange's market clock, or by
 * the furthest frame any connection has already been sent, whichever is later. A burst market's trades happen only
 * when they are sent.
 */
final class SymbolMarket {
    private final String symbol;
    private final String quotedSymbol;
    private final TradeSequence sequence;
    private final boolean happensWhenSent;
    private final AtomicLong sentHighWater = new AtomicLong(-1);

    SymbolMarket(TradeTape tape, boolean loop, long loopGapMillis) {
        this(tape.symbol(), new TradeSequence(tape, loop, loopGapMillis), false);
    }

    private SymbolMarket(String symbol, TradeSequence sequence, boolean happensWhenSent) {
        this.symbol = symbol;
        this.quotedSymbol = FakeJson.quote(symbol);
        this.sequence = sequence;
        this.happensWhenSent = happensWhenSent;
    }

    /**
     * A burst stream's market: the trades of {@code sequence} (shared by every burst symbol: its trades carry no
     * symbol) under {@code symbol}, each happening when a connection is first sent it.
     */
    static SymbolMarket burst(String symbol, TradeSequence sequence) {
        return new SymbolMarket(symbol, sequence, true);
    }

    String symbol() {
        return symbol;
    }

    /** The symbol as a JSON string literal. */
    String quotedSymbol() {
        return quotedSymbol;
    }

    TradeSequence sequence() {
        return sequence;
    }

    /** Time of the first frame, or 0 for an empty tape. */
    long firstTime() {
        return sequence.has(0) ? sequence.time(0) : 0;
    }

    /** Records that frame {@code seq} was sent; returns whether no connection had been sent it before. */
    boolean markSent(long seq) {
        return sentHighWater.getAndAccumulate(seq, Math::max) < seq;
    }

    /** The furthest seq any connection has been sent, -1 before the first. */
    long sentHighWater() {
        return sentHighWater.get();
    }

    /**
     * The last seq that has happened: frames due by {@code clock}, or (unpaced clock) the whole first pass of the
     * tape; extended by whatever a connection has already been sent. -1 when nothing has happened yet. A burst
     * market: only what has been sent.
     */
    long horizon(MarketClock clock) {
        if (happensWhenSent) {
            return sentHighWater.get();
        }
        long lastOfTape = sequence.tape().size() - 1L;
        long byClock;
        if (clock.unpaced()) {
            byClock = lastOfTape;
        } else {
            long firstLater = sequence.firstSeqAtOrAfter(clock.exchangeNow() + 1);
            byClock = firstLater < 0 ? lastOfTape : firstLater - 1;
        }
        return Math.max(byClock, sentHighWater.get());
    }
}
