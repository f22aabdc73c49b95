package io.binancedata.rest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.stream.SymbolShape;

/**
 * Turns backfilled REST rows into the exact raw JSON text the live WebSocket stream carries, so they go through
 * the same route (parsing, checks, SBE encoding, sinks) as live frames. What REST does not say is filled in as
 * follows, and nothing else is invented:
 * <ul>
 *   <li><b>Event time {@code E}</b>: REST has none. The frame carries a placeholder so that it has the live shape
 *       the strict frame decoders read — {@code E = T} (the trade time) for a trade, {@code closeTime + 1} (the
 *       moment the candle became final; the frame is the final version, {@code "x":true}) for a kline — but the
 *       placeholder never reaches the contract: the pipeline decodes these frames as
 *       {@link io.binancedata.sbe.Source#BACKFILL}, whose SBE {@code eventTime} is the null value. (A backfilled
 *       frame sent to the dead letter shows the placeholder.)</li>
 *   <li><b>Kline first/last trade id {@code f}/{@code L}</b>: REST rows have none, and -1 means "no trade" to
 *       every reader of the SBE contract, so it is used only when {@code n = 0}. Otherwise the ids are derived
 *       exactly from an anchor the caller knows: trade ids are consecutive per symbol and every trade falls in
 *       one bucket, so a bucket holds ids {@code f .. f + n − 1} and the next bucket starts at {@code L + 1}
 *       (Binance's own invariant). The anchor is the id of the first trade at or after the first row's open
 *       time — for a gap in a kline stream, the {@code L + 1} of the last candle received before it. The caller
 *       can check the chain against the first live candle after the gap with {@link #nextFirstTradeId}.</li>
 *   <li>{@code B} is Binance's ignored field, {@code "0"}.</li>
 * </ul>
 */
public final class BackfillFrames {
    private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

    private BackfillFrames() {
    }

    /**
     * {@code {"e":"trade","E":<time>,"s":"<SYMBOL>","t":<id>,"p":"<price>","q":"<qty>","T":<time>,"m":..,"M":..}}
     * (the post-2024-06 shape, without {@code b}/{@code a}).
     */
    public static String trade(String symbol, RestTrade trade) {
        return "{\"e\":\"trade\",\"E\":" + trade.time() + ",\"s\":" + quote(symbol) + ",\"t\":" + trade.id()
                + ",\"p\":\"" + trade.price() + "\",\"q\":\"" + trade.qty() + "\",\"T\":" + trade.time()
                + ",\"m\":" + trade.isBuyerMaker() + ",\"M\":" + trade.isBestMatch() + "}";
    }

    /** Frames of consecutive trades, in the order given. */
    public static List<String> trades(String symbol, List<RestTrade> trades) {
        List<String> frames = new ArrayList<>(trades.size());
        trades.forEach(trade -> frames.add(trade(symbol, trade)));
        return frames;
    }

    /**
     * The final {@code @kline_<interval>} event of one closed candle, fields in Binance's order.
     *
     * @param firstTradeId id of the bucket's first trade; ignored when the bucket has no trade
     *                     ({@code f = L = -1} then)
     * @throws IllegalArgumentException for an unknown interval, or a negative anchor for a bucket with trades
     */
    public static String kline(String symbol, String interval, RestKline kline, long firstTradeId) {
        KlineIntervals.parse(interval);
        long first = -1;
        long last = -1;
        if (kline.tradeCount() > 0) {
            if (firstTradeId < 0) {
                throw new IllegalArgumentException("no first trade id for the candle opening at "
                        + kline.openTime() + " with " + kline.tradeCount() + " trades");
            }
            first = firstTradeId;
            last = firstTradeId + kline.tradeCount() - 1;
        }
        String s = quote(symbol);
        return "{\"e\":\"kline\",\"E\":" + (kline.closeTime() + 1) + ",\"s\":" + s
                + ",\"k\":{\"t\":" + kline.openTime() + ",\"T\":" + kline.closeTime() + ",\"s\":" + s
                + ",\"i\":\"" + interval + "\",\"f\":" + first + ",\"L\":" + last
                + ",\"o\":\"" + kline.open() + "\",\"c\":\"" + kline.close() + "\",\"h\":\"" + kline.high()
                + "\",\"l\":\"" + kline.low() + "\",\"v\":\"" + kline.volume() + "\",\"n\":" + kline.tradeCount()
                + ",\"x\":true,\"q\":\"" + kline.quoteVolume() + "\",\"V\":\"" + kline.takerBuyVolume()
                + "\",\"Q\":\"" + kline.takerBuyQuoteVolume() + "\",\"B\":\"0\"}}";
    }

    /**
     * Frames of consecutive closed candles (increasing open time, none missing that had trades), their trade ids
     * chained from {@code firstTradeId}, the id of the first trade at or after the first candle's open time.
     */
    public static List<String> klines(String symbol, String interval, List<RestKline> klines, long firstTradeId) {
        List<String> frames = new ArrayList<>(klines.size());
        long next = firstTradeId;
        long previousOpen = Long.MIN_VALUE;
        for (RestKline kline : klines) {
            if (kline.openTime() <= previousOpen) {
                throw new IllegalArgumentException("klines not in increasing open-time order at " + kline.openTime());
            }
            previousOpen = kline.openTime();
            frames.add(kline(symbol, interval, kline, next));
            next += kline.tradeCount();
        }
        return frames;
    }

    /** The first trade id after these candles: {@code firstTradeId} + Σ n; the live stream's next {@code f}. */
    public static long nextFirstTradeId(List<RestKline> klines, long firstTradeId) {
        long next = firstTradeId;
        for (RestKline kline : klines) {
            next += kline.tradeCount();
        }
        return next;
    }

    /**
     * The symbol as the stream's {@code s} (ASCII letters upper-cased, others as they are: Binance lists symbols with
     * lower-case non-ASCII letters, which a locale's upper-casing would change) as a JSON string literal.
     */
    private static String quote(String symbol) {
        return "\"" + new String(ESCAPER.quoteAsString(SymbolShape.normalize(symbol))) + "\"";
    }
}
