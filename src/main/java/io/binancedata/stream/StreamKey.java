package io.binancedata.stream;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.binancedata.api.InvalidSymbolException;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

/**
 * Identity of one symbol stream. The symbol is held upper-case (Binance's {@code s} field); the Binance stream name
 * uses it lower-case. Ids are stable and double as Camel route ids: {@code trade-btcusdt}, {@code kline-btcusdt-1m}.
 * The symbol must have a symbol's shape ({@link SymbolShape}) and the interval be one of Binance's codes, so no key
 * ever yields a stream name, id, URL or path holding a separator, a dot, a space or a control character.
 *
 * @param kind     trade or kline
 * @param symbol   upper-case symbol, e.g. {@code BTCUSDT}
 * @param interval kline interval as Binance writes it ({@code 1m}, {@code 1M}), {@code null} for trades
 */
public record StreamKey(StreamKind kind, String symbol, String interval) {

    public StreamKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(symbol, "symbol");
        if (!SymbolShape.isValid(symbol)) {
            throw new InvalidSymbolException(List.of(symbol), SymbolShape.RULE);
        }
        if ((kind == StreamKind.KLINE) != (interval != null)) {
            throw new IllegalArgumentException("A kline stream needs an interval and a trade stream has none");
        }
        if (interval != null) {
            KlineIntervals.parse(interval); // one of Binance's codes: no separator in an id, a name or a folder
        }
    }

    public static StreamKey trade(String symbol) {
        return new StreamKey(StreamKind.TRADE, normalize(symbol), null);
    }

    public static StreamKey kline(String symbol, String interval) {
        return new StreamKey(StreamKind.KLINE, normalize(symbol), interval);
    }

    /** Symbols are case-insensitive: {@code btcusdt} and {@code BTCUSDT} are one stream (see {@link SymbolShape}). */
    public static String normalize(String symbol) {
        return SymbolShape.normalize(symbol);
    }

    /**
     * The key whose {@link #id()} is exactly {@code id}, if there is one: {@code trade-btcusdt} and
     * {@code kline-btcusdt-1m} are, {@code trade-BTCUSDT}, {@code trade-btcusdt%00}, {@code kline-btcusdt-2d} are not.
     */
    public static Optional<StreamKey> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        StreamKey key = null;
        String[] parts = id.split("-", -1);
        try {
            if (parts.length == 2 && "trade".equals(parts[0])) {
                key = trade(parts[1]);
            } else if (parts.length == 3 && "kline".equals(parts[0])
                    && KlineIntervals.lookup(parts[2]) != KlineInterval.NULL_VAL) {
                key = kline(parts[1], parts[2]);
            }
        } catch (InvalidSymbolException e) {
            return Optional.empty();
        }
        return key != null && key.id().equals(id) ? Optional.of(key) : Optional.empty();
    }

    /** Binance stream name: {@code btcusdt@trade}, {@code btcusdt@kline_1m}. */
    public String streamName() {
        String lower = symbol.toLowerCase(Locale.ROOT);
        return kind == StreamKind.TRADE ? lower + "@trade" : lower + "@kline_" + interval;
    }

    /** Stable id, also the Camel route id: {@code trade-btcusdt}, {@code kline-btcusdt-1m}. */
    /** What names the kline streams of a symbol, any interval, when none runs: {@code kline-btcusdt-*}. */
    public static String anyKlineId(String symbol) {
        return "kline-" + trade(symbol).symbol().toLowerCase(Locale.ROOT) + "-*";
    }

    public String id() {
        String lower = symbol.toLowerCase(Locale.ROOT);
        return kind == StreamKind.TRADE ? "trade-" + lower : "kline-" + lower + "-" + interval;
    }

    @Override
    public String toString() {
        return id();
    }
}
