package io.binancedata.fake;

/** How trade time relates to connections. */
public enum ReplayMode {
    /** Every connection replays its symbol's tape from the beginning, on its own clock (deterministic tests). */
    PER_CONNECTION,
    /**
     * One market clock started with the exchange: trades happen whether or not anyone is connected, and a
     * connection joins the market where it stands (a trade stream at the next trade, a kline stream at the
     * current candle). Needs a pace: with an unpaced exchange it behaves like {@link #PER_CONNECTION}.
     */
    GLOBAL_CLOCK
}
