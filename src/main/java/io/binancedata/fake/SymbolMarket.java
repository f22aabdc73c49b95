package io.binancedata.fake;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One symbol's market: its trade sequence and how far it has "happened" — by the exchange's market clock, or by
 * the furthest frame any connection has already been sent, whichever is later.
 */
final class SymbolMarket {
    private final String symbol;
    private final String quotedSymbol;
    private final TradeSequence sequence;
    private final AtomicLong sentHighWater = new AtomicLong(-1);

    SymbolMarket(TradeTape tape, boolean loop, long loopGapMillis) {
        this.symbol = tape.symbol();
        this.quotedSymbol = FakeJson.quote(symbol);
        this.sequence = new TradeSequence(tape, loop, loopGapMillis);
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

    void markSent(long seq) {
        sentHighWater.accumulateAndGet(seq, Math::max);
    }

    /**
     * The last seq that has happened: frames due by {@code clock}, or (unpaced clock) the whole first pass of the
     * tape; extended by whatever a connection has already been sent. -1 when nothing has happened yet.
     */
    long horizon(MarketClock clock) {
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
