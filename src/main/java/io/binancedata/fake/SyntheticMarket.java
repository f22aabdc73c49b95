package io.binancedata.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A whole synthetic exchange for many-symbol runs ({@link FakeExchangeOptions#syntheticMarket}): {@code symbols}
 * TRADING symbols with trades and klines, plus {@code delisted} symbols listed as {@code BREAK} in exchangeInfo that
 * never trade. Symbol {@code i} (from 0) is {@code S<i+1, four digits><quote>}, the quote asset by {@code i mod 10}:
 * 0–5 {@code USDT}, 6–7 {@code FDUSD}, 8–9 {@code BTC} (so a quote-asset filter can be tested: 1,500 symbols are
 * 900 USDT, 300 FDUSD and 300 BTC); the delisted ones continue the numbering with the same rotation.
 * <p>
 * Built on the burst machinery ({@link BurstPlan}, steady at {@code tradesPerSecond} in total): every symbol trades
 * the bundled BTCUSDT trades looped, exactly {@code tradesPerSymbol} of them, ids consecutive per symbol from
 * {@link #firstTradeId()}, trade {@code k} of every symbol being the same trade (its {@code @trade} event differs
 * only in {@code s}), so a test knows each trade in advance. Unlike a burst, the market is released when the exchange
 * starts: nothing waits for every symbol to be subscribed, a stream's trades are due at their planned time after the
 * start, and (unless {@link FakeExchangeOptions#burstMarketTradesOn}) a trade not yet sent waits for its stream's next
 * subscription, which then gets the overdue trades at once: a client that subscribes late receives every trade once,
 * from the first. {@code <symbol>@kline_<interval>} streams aggregate those trades (see {@link BurstKlineFrameSource}).
 *
 * @param symbols         TRADING symbols, 1 to {@value BurstPlan#MAX_STREAMS} together with the delisted ones
 * @param tradesPerSymbol trades each symbol sends, at least 1
 * @param tradesPerSecond total rate over all symbols, positive
 * @param delisted        symbols listed as {@code BREAK}, at least 0
 * @param timeShiftMillis added to every trade's (and so every candle's) times: {@link #dayChangeAtTrade} makes the UTC
 *                        day change during a run; 0 keeps the tape's times
 */
public record SyntheticMarket(int symbols, int tradesPerSymbol, double tradesPerSecond, int delisted,
                              long timeShiftMillis) {
    private static final String[] QUOTES = {"USDT", "USDT", "USDT", "USDT", "USDT", "USDT", "FDUSD", "FDUSD", "BTC",
        "BTC"};

    public SyntheticMarket {
        if (delisted < 0 || symbols < 1 || (long) symbols + delisted > BurstPlan.MAX_STREAMS) {
            throw new IllegalArgumentException("a synthetic market has 1 to " + BurstPlan.MAX_STREAMS
                    + " symbols, delisted ones included: " + symbols + " trading, " + delisted + " delisted");
        }
        if (!(tradesPerSecond > 0) || Double.isInfinite(tradesPerSecond)) {
            throw new IllegalArgumentException("a synthetic market needs a positive rate: " + tradesPerSecond);
        }
        plan(symbols, tradesPerSymbol, tradesPerSecond); // checks the trades per symbol
    }

    /** A market with the tape's own times. */
    public SyntheticMarket(int symbols, int tradesPerSymbol, double tradesPerSecond, int delisted) {
        this(symbols, tradesPerSymbol, tradesPerSecond, delisted, 0);
    }

    /**
     * This market with every time moved so that trade {@code k} (from 0) of every symbol is the first of a new UTC
     * day (00:00:00.000): the files of a client change day then, all symbols at once.
     */
    public SyntheticMarket dayChangeAtTrade(long k) {
        long time = trade(k).tradeTime();
        long day = 86_400_000L;
        long midnight = (Math.floorDiv(time, day) + 1) * day;
        return new SyntheticMarket(symbols, tradesPerSymbol, tradesPerSecond, delisted, midnight - time);
    }

    /** The tape every symbol trades, its times moved by {@link #timeShiftMillis}. */
    TradeTape tape() {
        TradeTape bundled = TradeTape.bundledBtcusdt();
        return timeShiftMillis == 0 ? bundled : bundled.shifted(timeShiftMillis);
    }

    /** {@code N:M} at {@code rate}, with one delisted symbol for every ten trading ones. */
    public static SyntheticMarket of(int symbols, int tradesPerSymbol, double tradesPerSecond) {
        return new SyntheticMarket(symbols, tradesPerSymbol, tradesPerSecond, symbols / 10);
    }

    /** The symbol with index {@code i}: {@code S0001USDT} for 0, {@code S0007FDUSD} for 6, {@code S0009BTC} for 8. */
    public static String symbol(int i) {
        return String.format(Locale.ROOT, "S%04d%s", i + 1, quoteAsset(i));
    }

    /** The quote asset of symbol {@code i}. */
    public static String quoteAsset(int i) {
        return QUOTES[i % QUOTES.length];
    }

    /** The TRADING symbols, in stream order. */
    public List<String> tradingSymbols() {
        return names(0, symbols);
    }

    /** The symbols listed as {@code BREAK}. */
    public List<String> delistedSymbols() {
        return names(symbols, symbols + delisted);
    }

    /** The id of every symbol's first trade (the bundled BTCUSDT tape's first id); the others follow by one. */
    public static long firstTradeId() {
        return FirstTrade.ID;
    }

    /**
     * Trade {@code k} (from 0) of every symbol, as its {@code @trade} event carries it (id {@link #firstTradeId()}
     * {@code + k}, price, quantity, times, maker side), with the exchange's default loop gap of 1 s between passes
     * of the bundled tape ({@link FakeExchangeOptions#loopGap}); {@code k} below {@code tradesPerSymbol}. The times are
     * the tape's: a market with a {@link #timeShiftMillis} sends them moved by it.
     */
    public static TapeTrade trade(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("trade index must be ≥ 0: " + k);
        }
        return FirstTrade.TRADES.trade(k);
    }

    /** Read once, at first use: reading the bundled tape parses 3,000 trades. */
    private static final class FirstTrade {
        static final TradeSequence TRADES = new TradeSequence(TradeTape.bundledBtcusdt(), true,
                FakeExchangeOptions.defaults().loopGap().toMillis());
        static final long ID = TRADES.trade(0).id();
    }

    /** The burst plan whose machinery sends the trades. */
    BurstPlan plan() {
        return plan(symbols, tradesPerSymbol, tradesPerSecond);
    }

    private static BurstPlan plan(int symbols, int tradesPerSymbol, double tradesPerSecond) {
        return new BurstPlan(symbols, tradesPerSymbol, tradesPerSecond);
    }

    private static List<String> names(int from, int to) {
        List<String> names = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            names.add(symbol(i));
        }
        return names;
    }

    @Override
    public String toString() {
        return symbols + " synthetic symbols × " + tradesPerSymbol + " trades at " + tradesPerSecond
                + " trades/s in total, " + delisted + " delisted"
                + (timeShiftMillis == 0 ? "" : ", times moved by " + timeShiftMillis + " ms");
    }
}
