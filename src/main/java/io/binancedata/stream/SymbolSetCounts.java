package io.binancedata.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many streams the symbol sets ({@code binance.trade.symbols = *}, {@code binance.kline.symbols = *}) have
 * started for symbols the exchange newly lists as TRADING, and stopped for symbols that left TRADING, since start-up;
 * per kind of stream. Exported as {@code binance_symbol_set_started_total} and {@code binance_symbol_set_stopped_total}.
 */
public final class SymbolSetCounts {
    private final AtomicLong tradesStarted = new AtomicLong();
    private final AtomicLong tradesStopped = new AtomicLong();
    private final AtomicLong klinesStarted = new AtomicLong();
    private final AtomicLong klinesStopped = new AtomicLong();

    public void onStarted(StreamKind kind, int streams) {
        (kind == StreamKind.TRADE ? tradesStarted : klinesStarted).addAndGet(streams);
    }

    public void onStopped(StreamKind kind, int streams) {
        (kind == StreamKind.TRADE ? tradesStopped : klinesStopped).addAndGet(streams);
    }

    public long started(StreamKind kind) {
        return (kind == StreamKind.TRADE ? tradesStarted : klinesStarted).get();
    }

    public long stopped(StreamKind kind) {
        return (kind == StreamKind.TRADE ? tradesStopped : klinesStopped).get();
    }
}
