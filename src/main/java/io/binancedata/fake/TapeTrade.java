package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * One parsed trade of a {@link TradeTape}: the fields of a Binance {@code @trade} event that the fake exchange
 * needs to pace, shift and aggregate it. Prices and quantities stay the exact decimal strings of the recording.
 *
 * @param id         trade id ({@code t})
 * @param price      price ({@code p}), as recorded
 * @param qty        quantity ({@code q}), as recorded
 * @param tradeTime  trade time ({@code T}), ms
 * @param eventTime  event time ({@code E}), ms
 * @param buyerMaker {@code m}: the buyer is the maker (so the seller is the taker)
 * @param bestMatch  {@code M}
 */
public record TapeTrade(long id, String price, String qty, long tradeTime, long eventTime, boolean buyerMaker,
                        boolean bestMatch) {

    /** Reads a trade event; returns {@code null} when the node is not a complete trade event. */
    static TapeTrade fromJson(JsonNode node) {
        if (node == null || !node.isObject() || !"trade".equals(node.path("e").asText())) {
            return null;
        }
        JsonNode t = node.get("t");
        JsonNode p = node.get("p");
        JsonNode q = node.get("q");
        JsonNode tradeTime = node.get("T");
        JsonNode m = node.get("m");
        if (t == null || !t.canConvertToLong() || p == null || !p.isTextual() || q == null || !q.isTextual()
                || tradeTime == null || !tradeTime.canConvertToLong() || m == null || !m.isBoolean()
                || !isDecimal(p.asText()) || !isDecimal(q.asText())) {
            return null;
        }
        JsonNode e = node.get("E");
        long eventTime = e != null && e.canConvertToLong() ? e.asLong() : tradeTime.asLong();
        return new TapeTrade(t.asLong(), p.asText(), q.asText(), tradeTime.asLong(), eventTime, m.asBoolean(),
                node.path("M").asBoolean(true));
    }

    private static boolean isDecimal(String text) {
        return text.matches("\\d+(\\.\\d+)?");
    }

    /** The same trade with its id and both times moved forward. */
    TapeTrade shifted(long idShift, long timeShift) {
        if (idShift == 0 && timeShift == 0) {
            return this;
        }
        return new TapeTrade(id + idShift, price, qty, tradeTime + timeShift, eventTime + timeShift, buyerMaker,
                bestMatch);
    }

    /**
     * The {@code @trade} event of this trade, fields in Binance's order
     * ({@code {"e":"trade","E":..,"s":..,"t":..,"p":..,"q":..,"T":..,"m":..,"M":..}}): the 2024 recordings' text.
     */
    String eventJson(String quotedSymbol) {
        return "{\"e\":\"trade\",\"E\":" + eventTime + ",\"s\":" + quotedSymbol + ",\"t\":" + id + ",\"p\":\"" + price
                + "\",\"q\":\"" + qty + "\",\"T\":" + tradeTime + ",\"m\":" + buyerMaker + ",\"M\":" + bestMatch + "}";
    }

    public BigDecimal priceValue() {
        return new BigDecimal(price);
    }

    public BigDecimal qtyValue() {
        return new BigDecimal(qty);
    }
}
