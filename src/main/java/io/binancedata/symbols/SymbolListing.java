package io.binancedata.symbols;

/**
 * What exchangeInfo says of one symbol: its status ({@code TRADING}, {@code BREAK}, …) and its quote asset
 * ({@code USDT} for {@code BTCUSDT}; {@code null} when the listing does not say).
 */
public record SymbolListing(String status, String quoteAsset) {
    public boolean trading() {
        return SymbolDirectory.TRADING.equals(status);
    }
}
