package io.binancedata.codec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One spot trade from a {@code <symbol>@trade} stream, as Binance sends it:
 * <pre>{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000",
 * "T":1723161255342,"m":true,"M":true}</pre>
 * Payloads before 2024-06-18 also carry {@code b} and {@code a} (order ids); those, {@code M} and any other
 * unknown field are ignored. Every mapped field is required and must have its JSON type: decimals are JSON
 * strings, ids and times JSON integers, {@code m} a JSON boolean (see {@link EventMapper}). The event type
 * must be {@code trade} and the symbol non-empty; decimals are checked when encoded.
 *
 * @param eventType       {@code e}, always {@code trade}.
 * @param eventTimeMillis {@code E}, event time in ms.
 * @param symbol          {@code s}, non-empty.
 * @param tradeId         {@code t}, consecutive per symbol.
 * @param price           {@code p}, decimal string.
 * @param quantity        {@code q}, decimal string.
 * @param tradeTimeMillis {@code T}, trade time in ms.
 * @param buyerIsMaker    {@code m}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TradeEvent(
    @JsonProperty(value = "e", required = true) String eventType,
    @JsonProperty(value = "E", required = true) long eventTimeMillis,
    @JsonProperty(value = "s", required = true) String symbol,
    @JsonProperty(value = "t", required = true) long tradeId,
    @JsonProperty(value = "p", required = true) String price,
    @JsonProperty(value = "q", required = true) String quantity,
    @JsonProperty(value = "T", required = true) long tradeTimeMillis,
    @JsonProperty(value = "m", required = true) boolean buyerIsMaker) implements MarketEvent {

    /** Value of {@code e} for trades. */
    public static final String EVENT_TYPE = "trade";

    /**
     * @throws InvalidFieldException if {@code e} is not {@code trade}, or a string field is missing, or the
     *                               symbol is empty.
     */
    public TradeEvent {
        Fields.requireEventType(eventType, EVENT_TYPE);
        Fields.requireNonEmpty("s", symbol);
        Fields.requirePresent("p", price);
        Fields.requirePresent("q", quantity);
    }

    /**
     * @return always true: a trade is never revised.
     */
    @Override
    public boolean isFinalUpdate() {
        return true;
    }
}
