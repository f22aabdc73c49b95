package io.binancedata.api;

import java.util.List;

/** One or more symbols are unknown to the exchange or not in status TRADING; nothing was started. */
public class InvalidSymbolException extends BinanceDataException {
    private final List<String> symbols;

    public InvalidSymbolException(List<String> symbols, String detail) {
        super("Invalid symbol(s) " + String.join(", ", symbols) + ": " + detail);
        this.symbols = List.copyOf(symbols);
    }

    /** Every rejected symbol, as given. */
    public List<String> symbols() {
        return symbols;
    }
}
