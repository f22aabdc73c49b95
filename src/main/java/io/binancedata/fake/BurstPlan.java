package io.binancedata.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Burst mode of the fake exchange: {@code streams} trade streams (symbols {@code S0001USDT}, {@code S0002USDT}, …)
 * of exactly {@code tradesPerStream} trades each, the bundled BTCUSDT trades looped with consecutive ids and exact
 * decimal strings, held back until every stream has a connection and then sent
 * <ul>
 * <li>as fast as each socket takes them ({@code tradesPerSecond == 0}, a throughput burst), or</li>
 * <li>steadily at {@code tradesPerSecond} in total over all streams (a latency run): trade {@code i} of stream
 * {@code s} is due {@code (i × streams + s) / tradesPerSecond} seconds after the release.</li>
 * </ul>
 * A throughput burst may start with a warm-up phase ({@link #withWarmup}): once every stream has a connection, each
 * stream first sends its {@code warmupTrades} trades as fast as the socket takes them, then holds until the measured
 * phase is released ({@link BurstLog#releaseMeasured()}: a harness lets the reader finish the warm-up first) and sends
 * its {@code tradesPerStream} measured trades, ids continuing where the warm-up stopped. The release, the send times
 * and the completion in {@link BurstLog} are the measured phase's. Without a warm-up the measured phase is released
 * as soon as every stream has a connection.
 *
 * @param streams         number of trade streams (symbols), 1 to {@value #MAX_STREAMS}
 * @param tradesPerStream measured trades each stream carries (after its warm-up), at least 1
 * @param tradesPerSecond total send rate over all streams; 0 for as fast as the sockets drain
 * @param warmupTrades    trades each stream sends before the measured phase is released; 0 for none (a steady burst
 *                        has none: a latency run excludes its first seconds instead)
 */
public record BurstPlan(int streams, int tradesPerStream, double tradesPerSecond, int warmupTrades) {
    /** Largest number of streams (the symbol names have four digits). */
    public static final int MAX_STREAMS = 9_999;

    public BurstPlan {
        if (streams < 1 || streams > MAX_STREAMS) {
            throw new IllegalArgumentException("burst streams must be 1 to " + MAX_STREAMS + ": " + streams);
        }
        if (tradesPerStream < 1) {
            throw new IllegalArgumentException("burst trades per stream must be at least 1: " + tradesPerStream);
        }
        if (tradesPerSecond < 0 || Double.isNaN(tradesPerSecond) || Double.isInfinite(tradesPerSecond)) {
            throw new IllegalArgumentException("burst rate must be a finite number ≥ 0: " + tradesPerSecond);
        }
        if (warmupTrades < 0) {
            throw new IllegalArgumentException("burst warm-up trades per stream must be at least 0: " + warmupTrades);
        }
        if (warmupTrades > 0 && tradesPerSecond > 0) {
            throw new IllegalArgumentException("a steady burst has no warm-up phase (a latency run excludes its first"
                    + " seconds instead): " + warmupTrades + " warm-up trades at " + tradesPerSecond + " trades/s");
        }
        if ((long) warmupTrades + tradesPerStream > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("burst warm-up and measured trades per stream must be at most "
                    + Integer.MAX_VALUE + " together");
        }
    }

    /** A burst without a warm-up phase. */
    public BurstPlan(int streams, int tradesPerStream, double tradesPerSecond) {
        this(streams, tradesPerStream, tradesPerSecond, 0);
    }

    /** A throughput burst: {@code streams} × {@code tradesPerStream}, as fast as the sockets take them. */
    public static BurstPlan of(int streams, int tradesPerStream) {
        return new BurstPlan(streams, tradesPerStream, 0);
    }

    /** Parses {@code N:M} (streams : trades per stream), e.g. {@code 4:100000}. */
    public static BurstPlan parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 2 || !parts[0].matches("\\d{1,9}") || !parts[1].matches("\\d{1,10}")) {
            throw new IllegalArgumentException("burst needs N:M (streams:trades per stream), e.g. 4:100000: " + text);
        }
        long trades = Long.parseLong(parts[1]);
        if (trades > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("burst trades per stream must be at most " + Integer.MAX_VALUE);
        }
        return of(Integer.parseInt(parts[0]), (int) trades);
    }

    /** The same streams and trades sent steadily at {@code rate} trades per second in total. */
    public BurstPlan steady(double rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("a steady rate must be positive: " + rate);
        }
        return new BurstPlan(streams, tradesPerStream, rate, warmupTrades);
    }

    /**
     * The same measured trades after a warm-up phase of {@code trades} per stream (0: none), held until
     * {@link BurstLog#releaseMeasured()}.
     */
    public BurstPlan withWarmup(int trades) {
        return new BurstPlan(streams, tradesPerStream, tradesPerSecond, trades);
    }

    /** Whether the burst starts with a warm-up phase held until {@link BurstLog#releaseMeasured()}. */
    public boolean hasWarmup() {
        return warmupTrades > 0;
    }

    /** Trades each stream sends in all: its warm-up trades, then its measured ones. */
    public int tradesSentPerStream() {
        return warmupTrades + tradesPerStream;
    }

    /** Whether trades are paced at {@link #tradesPerSecond()} rather than sent as fast as possible. */
    public boolean isSteady() {
        return tradesPerSecond > 0;
    }

    /** The symbol of stream {@code index} (from 0): {@code S0001USDT} for 0. */
    public static String symbol(int index) {
        return String.format(Locale.ROOT, "S%04dUSDT", index + 1);
    }

    /** The symbols of all streams, in stream order. */
    public List<String> symbols() {
        List<String> symbols = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            symbols.add(symbol(i));
        }
        return symbols;
    }

    /** Total measured trades of the burst (warm-up trades not included). */
    public long totalTrades() {
        return (long) streams * tradesPerStream;
    }

    /** Total trades the burst sends: warm-up and measured. */
    public long totalTradesSent() {
        return (long) streams * tradesSentPerStream();
    }

    /**
     * Milliseconds after the release at which trade {@code index} of stream {@code stream} is due (a steady burst has
     * no warm-up, so its index is the measured one):
     * {@code ⌊(index × streams + stream) × 1000 / rate⌋}; 0 for an unpaced burst. A frame due within the next
     * millisecond is sent at once, a later one on a timer; one overdue (the reader held the exchange back, or the
     * connection opened later) at once.
     */
    public long dueMillis(int stream, long index) {
        return isSteady() ? (long) ((index * streams + stream) * 1000.0 / tradesPerSecond) : 0;
    }

    @Override
    public String toString() {
        return streams + " streams × " + tradesPerStream + " trades"
                + (isSteady() ? " at " + tradesPerSecond + " trades/s in total" : " as fast as the sockets take them")
                + (hasWarmup() ? ", after a warm-up of " + warmupTrades + " trades per stream" : "");
    }
}
