package io.binancedata.rest;

/**
 * One row of {@code GET /api/v3/aggTrades}, the fields the product uses:
 * {@code {"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":1498793709153,"m":true,"M":true}} —
 * the trades of one taker order at one price and time, ids {@code f..l}.
 *
 * @param id           aggregate trade id ({@code a})
 * @param firstTradeId id of its first trade ({@code f})
 * @param lastTradeId  id of its last trade ({@code l})
 * @param time         trade time of its trades, ms since the epoch ({@code T})
 */
public record RestAggTrade(long id, long firstTradeId, long lastTradeId, long time) {
}
