package io.binancedata.rest;

/**
 * One row of {@code GET /api/v3/historicalTrades}:
 * {@code {"id":28457,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","time":1499865549590,
 * "isBuyerMaker":true,"isBestMatch":true}}. Decimals are the exact strings Binance sent.
 *
 * @param id           trade id; consecutive per symbol
 * @param price        price, as sent
 * @param qty          quantity, as sent
 * @param time         trade time, ms since the epoch
 * @param isBuyerMaker the buyer is the maker
 * @param isBestMatch  Binance's {@code isBestMatch} (the stream's {@code M})
 */
public record RestTrade(long id, String price, String qty, long time, boolean isBuyerMaker, boolean isBestMatch) {
}
