package io.binancedata.codec;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A Binance market-data event as received, before encoding: what routes need to know without caring about
 * the kind. Implemented by {@link TradeEvent} and {@link KlineEvent}.
 */
public interface MarketEvent {
    /**
     * @return upper-case symbol ({@code s}), e.g. {@code BTCUSDT}; may contain non-ASCII characters.
     */
    String symbol();

    /**
     * @return Binance event time ({@code E}), milliseconds since the epoch.
     */
    long eventTimeMillis();

    /**
     * Whether this event is final: always true for trades, {@code k.x} for klines (the candle is closed).
     * The stream route's {@code EmitFilter} calls it (kline streams with {@code binance.kline.emit=closed}).
     *
     * @return true unless this is an intermediate update of an open candle.
     */
    @JsonIgnore
    boolean isFinalUpdate();
}
