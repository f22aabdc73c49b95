package io.binancedata.rest;

/**
 * One row of {@code GET /api/v3/klines}:
 * {@code [openTime,"o","h","l","c","v",closeTime,"q",n,"V","Q","ignore"]}. Decimals are the exact strings Binance
 * sent. REST rows carry no first/last trade id (see {@link BackfillFrames}).
 *
 * @param openTime            bucket open time, ms
 * @param open                first price
 * @param high                highest price
 * @param low                 lowest price
 * @param close               last price
 * @param volume              base-asset volume
 * @param closeTime           bucket close time (next open − 1 ms)
 * @param quoteVolume         quote-asset volume
 * @param tradeCount          number of trades in the bucket
 * @param takerBuyVolume      base volume of trades whose buyer was the taker
 * @param takerBuyQuoteVolume quote volume of those trades
 */
public record RestKline(long openTime, String open, String high, String low, String close, String volume,
                        long closeTime, String quoteVolume, long tradeCount, String takerBuyVolume,
                        String takerBuyQuoteVolume) {
}
