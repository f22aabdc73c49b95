package io.binancedata.stream;

import java.util.Locale;
import java.util.Objects;

/**
 * Identity of one symbol stream. The symbol is held upper-case (Binance's {@code s} field); the Binance stream name
 * uses it lower-case. Ids are stable and double as Camel route ids: {@code trade-btcusdt}, {@code kline-btcusdt-1m}.
 *
 * @param kind     trade or kline
 * @param symbol   upper-case symbol, e.g. {@code BTCUSDT}
 * @param interval kline interval as Binance writes it ({@code 1m}, {@code 1M}), {@code null} for trades
 */
public record StreamKey(StreamKind kind, String symbol, String interval) {

    public StreamKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(symbol, "symbol");
        if ((kind == StreamKind.KLINE) != (interval != null)) {
            throw new IllegalArgumentException("A kline stream needs an interval and a trade stream has none");
        }
    }

    public static StreamKey trade(String symbol) {
        return new StreamKey(StreamKind.TRADE, normalize(symbol), null);
    }

    public static StreamKey kline(String symbol, String interval) {
        return new StreamKey(StreamKind.KLINE, normalize(symbol), interval);
    }

    /** Symbols are case-insensitive: {@code btcusdt} and {@code BTCUSDT} are one stream. */
    public static String normalize(String symbol) {
        return symbol.trim().toUpperCase(Locale.ROOT);
    }

    /** Binance stream name: {@code btcusdt@trade}, {@code btcusdt@kline_1m}. */
    public String streamName() {
        String lower = symbol.toLowerCase(Locale.ROOT);
        return kind == StreamKind.TRADE ? lower + "@trade" : lower + "@kline_" + interval;
    }

    /** Stable id, also the Camel route id: {@code trade-btcusdt}, {@code kline-btcusdt-1m}. */
    public String id() {
        String lower = symbol.toLowerCase(Locale.ROOT);
        return kind == StreamKind.TRADE ? "trade-" + lower : "kline-" + lower + "-" + interval;
    }

    @Override
    public String toString() {
        return id();
    }
}
