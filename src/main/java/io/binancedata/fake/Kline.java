package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One candle as Binance reports it, from the trades of one bucket.
 *
 * @param takerBuyVolume      {@code V}: Σq of the trades where the buyer is the taker ({@code m == false})
 * @param takerBuyQuoteVolume {@code Q}: Σ(p×q) of those trades
 */
public record Kline(KlineInterval interval, long openTime, long closeTime, long firstTradeId, long lastTradeId,
                    BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
                    BigDecimal quoteVolume, long tradeCount, BigDecimal takerBuyVolume,
                    BigDecimal takerBuyQuoteVolume) {

    /** Binance's decimal format: 8 decimals, padded ({@code "57994.60000000"}); extra digits are cut. */
    public static String format(BigDecimal value) {
        return value.setScale(8, RoundingMode.DOWN).toPlainString();
    }

    /** The {@code @kline_<interval>} event, fields in Binance's order. */
    public String eventJson(String quotedSymbol, long eventTime, boolean isFinal) {
        StringBuilder json = new StringBuilder(400);
        json.append("{\"e\":\"kline\",\"E\":").append(eventTime)
                .append(",\"s\":").append(quotedSymbol)
                .append(",\"k\":{\"t\":").append(openTime)
                .append(",\"T\":").append(closeTime)
                .append(",\"s\":").append(quotedSymbol)
                .append(",\"i\":\"").append(KlineIntervals.code(interval))
                .append("\",\"f\":").append(firstTradeId)
                .append(",\"L\":").append(lastTradeId);
        decimal(json, "o", open);
        decimal(json, "c", close);
        decimal(json, "h", high);
        decimal(json, "l", low);
        decimal(json, "v", volume);
        json.append(",\"n\":").append(tradeCount)
                .append(",\"x\":").append(isFinal);
        decimal(json, "q", quoteVolume);
        decimal(json, "V", takerBuyVolume);
        decimal(json, "Q", takerBuyQuoteVolume);
        return json.append(",\"B\":\"0\"}}").toString();
    }

    /** The REST {@code /api/v3/klines} row {@code [openTime,"o","h","l","c","v",closeTime,"q",n,"V","Q","0"]}. */
    public String restRow() {
        return "[" + openTime + ",\"" + format(open) + "\",\"" + format(high) + "\",\"" + format(low) + "\",\""
                + format(close) + "\",\"" + format(volume) + "\"," + closeTime + ",\"" + format(quoteVolume) + "\","
                + tradeCount + ",\"" + format(takerBuyVolume) + "\",\"" + format(takerBuyQuoteVolume) + "\",\"0\"]";
    }

    private static void decimal(StringBuilder json, String key, BigDecimal value) {
        json.append(",\"").append(key).append("\":\"").append(format(value)).append('"');
    }
}
