package io.binancedata.api;

import java.util.List;

/**
 * One or more symbols are not of a symbol's shape, unknown to the exchange or not in status TRADING; nothing was
 * started. The message shows each symbol through {@link Echo} (escaped, truncated).
 */
public class InvalidSymbolException extends BinanceDataException {
    private final List<String> symbols;

    public InvalidSymbolException(List<String> symbols, String detail) {
        super(Echo.message("Invalid symbol(s) " + String.join(", ", symbols.stream().map(Echo::of).toList())
                + ": " + detail));
        this.symbols = symbols.stream().map(String::valueOf).toList();
    }

    /** Every rejected symbol, as given ({@code "null"} for a null one). */
    public List<String> symbols() {
        return symbols;
    }
}
