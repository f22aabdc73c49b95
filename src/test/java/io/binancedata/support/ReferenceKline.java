package io.binancedata.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A candle aggregated from trades independently of the product and fake-exchange code, to check their candles:
 * plain BigDecimal sums, formatted like Binance (8 decimals, cut).
 */
public record ReferenceKline(long first, long last, String open, String high, String low, String close, String volume,
                      long count, String quote, String takerVolume, String takerQuote) {

    /** Trades as parsed JSON events (fields t, p, q, T, m). */
    public static ReferenceKline of(List<JsonNode> trades) {
        BigDecimal high = null;
        BigDecimal low = null;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        BigDecimal takerVolume = BigDecimal.ZERO;
        BigDecimal takerQuote = BigDecimal.ZERO;
        for (JsonNode trade : trades) {
            BigDecimal p = new BigDecimal(trade.get("p").asText());
            BigDecimal q = new BigDecimal(trade.get("q").asText());
            high = high == null || p.compareTo(high) > 0 ? p : high;
            low = low == null || p.compareTo(low) < 0 ? p : low;
            volume = volume.add(q);
            quote = quote.add(p.multiply(q));
            if (!trade.get("m").asBoolean()) {
                takerVolume = takerVolume.add(q);
                takerQuote = takerQuote.add(p.multiply(q));
            }
        }
        JsonNode first = trades.get(0);
        JsonNode last = trades.get(trades.size() - 1);
        return new ReferenceKline(first.get("t").asLong(), last.get("t").asLong(), first.get("p").asText(),
                eight(high), eight(low), last.get("p").asText(), eight(volume), trades.size(), eight(quote),
                eight(takerVolume), eight(takerQuote));
    }

    /** The same fields read from a kline event's {@code k} object. */
    public static ReferenceKline fromEvent(JsonNode k) {
        return new ReferenceKline(k.get("f").asLong(), k.get("L").asLong(), k.get("o").asText(), k.get("h").asText(),
                k.get("l").asText(), k.get("c").asText(), k.get("v").asText(), k.get("n").asLong(),
                k.get("q").asText(), k.get("V").asText(), k.get("Q").asText());
    }

    private static String eight(BigDecimal value) {
        return value.setScale(8, RoundingMode.DOWN).toPlainString();
    }
}
