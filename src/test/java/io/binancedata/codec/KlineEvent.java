package io.binancedata.codec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One kline (candle) update from a {@code <symbol>@kline_<interval>} stream, as Binance sends it:
 * <pre>{"e":"kline","E":1617566640068,"s":"BTCUSDT","k":{"t":1617566580000,"T":1617566639999,"s":"BTCUSDT",
 * "i":"1m","f":745522651,"L":745523670,"o":"57994.60000000","c":"57999.99000000","h":"58018.03000000",
 * "l":"57974.41000000","v":"23.06712200","n":1020,"x":true,"q":"1337913.58654308","V":"11.41334700",
 * "Q":"661954.86510045","B":"0"}}</pre>
 * Every mapped field is required with its JSON type ({@link EventMapper}); {@code B} and unknown fields are
 * ignored. The event type must be {@code kline}, the symbol non-empty and equal to {@code k.s}.
 *
 * @param eventType       {@code e}, always {@code kline}.
 * @param eventTimeMillis {@code E}, event time in ms.
 * @param symbol          {@code s}, non-empty.
 * @param kline           {@code k}, the candle.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KlineEvent(
    @JsonProperty(value = "e", required = true) String eventType,
    @JsonProperty(value = "E", required = true) long eventTimeMillis,
    @JsonProperty(value = "s", required = true) String symbol,
    @JsonProperty(value = "k", required = true) Kline kline) implements MarketEvent {

    /** Value of {@code e} for klines. */
    public static final String EVENT_TYPE = "kline";

    /**
     * @throws InvalidFieldException if {@code e} is not {@code kline}, {@code s} is missing or empty,
     *                               {@code k} is missing, or {@code k.s} differs from {@code s}.
     */
    public KlineEvent {
        Fields.requireEventType(eventType, EVENT_TYPE);
        Fields.requireNonEmpty("s", symbol);
        if (kline == null) {
            throw new InvalidFieldException("k", null, "missing");
        }
        if (!symbol.equals(kline.symbol())) {
            throw new InvalidFieldException("k.s", kline.symbol(), "differs from s \"" + symbol + "\"");
        }
    }

    /**
     * @return {@code k.x}: true once the candle is closed and this is its final version.
     */
    @Override
    public boolean isFinalUpdate() {
        return kline.closed();
    }

    /**
     * The {@code k} object of a kline event. Decimals stay strings until encoded.
     *
     * @param openTimeMillis      {@code t}, bucket open time in ms.
     * @param closeTimeMillis     {@code T}, bucket close time in ms (open + interval - 1).
     * @param symbol              {@code s}.
     * @param interval            {@code i}, e.g. {@code 1m}; checked when encoded.
     * @param firstTradeId        {@code f}, -1 when the bucket has no trade.
     * @param lastTradeId         {@code L}, -1 when the bucket has no trade.
     * @param open                {@code o}.
     * @param close               {@code c}.
     * @param high                {@code h}.
     * @param low                 {@code l}.
     * @param volume              {@code v}, base asset volume.
     * @param tradeCount          {@code n}.
     * @param closed              {@code x}.
     * @param quoteVolume         {@code q}.
     * @param takerBuyVolume      {@code V}.
     * @param takerBuyQuoteVolume {@code Q}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Kline(
        @JsonProperty(value = "t", required = true) long openTimeMillis,
        @JsonProperty(value = "T", required = true) long closeTimeMillis,
        @JsonProperty(value = "s", required = true) String symbol,
        @JsonProperty(value = "i", required = true) String interval,
        @JsonProperty(value = "f", required = true) long firstTradeId,
        @JsonProperty(value = "L", required = true) long lastTradeId,
        @JsonProperty(value = "o", required = true) String open,
        @JsonProperty(value = "c", required = true) String close,
        @JsonProperty(value = "h", required = true) String high,
        @JsonProperty(value = "l", required = true) String low,
        @JsonProperty(value = "v", required = true) String volume,
        @JsonProperty(value = "n", required = true) long tradeCount,
        @JsonProperty(value = "x", required = true) boolean closed,
        @JsonProperty(value = "q", required = true) String quoteVolume,
        @JsonProperty(value = "V", required = true) String takerBuyVolume,
        @JsonProperty(value = "Q", required = true) String takerBuyQuoteVolume) {

        /**
         * @throws InvalidFieldException if a string field is missing.
         */
        public Kline {
            Fields.requirePresent("k.s", symbol);
            Fields.requirePresent("k.i", interval);
            Fields.requirePresent("k.o", open);
            Fields.requirePresent("k.c", close);
            Fields.requirePresent("k.h", high);
            Fields.requirePresent("k.l", low);
            Fields.requirePresent("k.v", volume);
            Fields.requirePresent("k.q", quoteVolume);
            Fields.requirePresent("k.V", takerBuyVolume);
            Fields.requirePresent("k.Q", takerBuyQuoteVolume);
        }
    }
}
