package io.binancedata.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.EventTimes;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.KlineEventEncoder;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.codec.TradeEvent;
import io.binancedata.codec.TradeEventEncoder;
import io.binancedata.sbe.KlineInterval;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * The Jackson path the frame decoders replaced ({@code EventMapper}, {@code TradeEvent}/{@code KlineEvent} and their
 * encoders, and the stream's symbol and interval check, as in the decoder tests), as the oracle of the fuzz tests:
 * what a live frame must decode to on a stream, or that it must be refused. Not thread-safe.
 */
final class JacksonReference {
    /**
     * What a frame must decode to: the SBE message, what the decoder reports about it, and the decimal strings of the
     * frame in schema order ({@code p q} of a trade, {@code o h l c v q V Q} of a kline's {@code k}).
     */
    record Expected(byte[] message, long sequence, long eventTimeMicros, long exchangeTimeMicros, boolean isFinal,
                    List<String> decimals) {
    }

    private final ObjectMapper mapper = EventMapper.create();
    private final TradeEventEncoder trades = new TradeEventEncoder();
    private final KlineEventEncoder klines = new KlineEventEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(
        new byte[Math.max(TradeEventEncoder.MAX_ENCODED_LENGTH, KlineEventEncoder.MAX_ENCODED_LENGTH)]);

    /**
     * @param interval the stream's interval for a kline stream, null for a trade stream
     * @return what {@code frame}, read live at {@code receiveTimeMicros}, must decode to on the stream of
     *         {@code symbol}, or null when it must be refused
     */
    Expected expect(final String frame, final String symbol, final String interval, final long receiveTimeMicros) {
        return interval == null ? trade(frame, symbol, receiveTimeMicros) : kline(frame, symbol, interval,
            receiveTimeMicros);
    }

    private Expected trade(final String frame, final String symbol, final long receiveTimeMicros) {
        final TradeEvent event;
        final int length;
        try {
            event = mapper.readValue(frame, TradeEvent.class);
            if (event == null || !event.symbol().equals(symbol)) {
                return null;
            }
            length = trades.encode(event, receiveTimeMicros, buffer, 0);
            if (!nonNegative(event.price(), event.quantity())) {
                return null;
            }
        } catch (final Exception refused) {
            return null; // whatever the Jackson path refuses, the decoder must refuse
        }
        final long eventTime = event.eventTimeMillis() * 1000;
        return new Expected(bytes(length), event.tradeId(), eventTime,
            EventTimes.tradeExchangeTime(eventTime, event.tradeTimeMillis() * 1000), true,
            List.of(event.price(), event.quantity()));
    }

    private Expected kline(final String frame, final String symbol, final String interval,
        final long receiveTimeMicros) {
        final KlineEvent event;
        final int length;
        try {
            event = mapper.readValue(frame, KlineEvent.class);
            if (event == null || !event.symbol().equals(symbol) || !event.kline().interval().equals(interval)) {
                return null;
            }
            length = klines.encode(event, receiveTimeMicros, buffer, 0);
            final KlineEvent.Kline k = event.kline();
            if (!isItsBucketWithTradeIdsThatAgree(k) || !nonNegative(k.open(), k.high(), k.low(), k.close(),
                k.volume(), k.quoteVolume(), k.takerBuyVolume(), k.takerBuyQuoteVolume())) {
                return null;
            }
        } catch (final Exception refused) {
            return null; // whatever the Jackson path refuses, the decoder must refuse
        }
        final long eventTime = event.eventTimeMillis() * 1000;
        final KlineEvent.Kline k = event.kline();
        return new Expected(bytes(length), k.openTimeMillis() * 1000, eventTime,
            EventTimes.klineExchangeTime(eventTime, k.closeTimeMillis() * 1000), k.closed(), List.of(k.open(), k.high(),
                k.low(), k.close(), k.volume(), k.quoteVolume(), k.takerBuyVolume(), k.takerBuyQuoteVolume()));
    }

    /** The decoder's rule beyond the Jackson path's: no price, quantity or volume has a minus sign (nor {@code -0}). */
    static boolean nonNegative(final String... decimals) {
        for (final String decimal : decimals) {
            if (decimal != null && decimal.startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The decoder's rules beyond the Jackson path's: {@code k.t} opens a bucket of the interval and {@code k.T} closes
     * it; {@code f}, {@code L}, {@code n} are -1, -1, 0 without trades, else {@code f <= L} and {@code n >= 1}.
     */
    static boolean isItsBucketWithTradeIdsThatAgree(final KlineEvent.Kline k) {
        final KlineInterval interval = KlineIntervals.parse(k.interval());
        final boolean none = k.firstTradeId() == -1;
        return (interval == KlineInterval.DAY_3 || KlineIntervals.openTime(interval, k.openTimeMillis())
            == k.openTimeMillis())
            && KlineIntervals.closeTime(interval, k.openTimeMillis()) == k.closeTimeMillis()
            && none == (k.lastTradeId() == -1) && k.lastTradeId() >= k.firstTradeId()
            && none == (k.tradeCount() == 0);
    }

    private byte[] bytes(final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
