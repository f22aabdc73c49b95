package io.binancedata.sink;

import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.DecimalEncoder;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Real SBE messages for the tests: value records that encode with the generated codecs and decode back. */
final class SbeTestMessages {

    private SbeTestMessages() {
    }

    /** Decimal composite: value = mantissa * 10^exponent. */
    record Decimal(long mantissa, byte exponent) {
        static Decimal of(long mantissa, int exponent) {
            return new Decimal(mantissa, (byte) exponent);
        }

        void encode(DecimalEncoder encoder) {
            encoder.mantissa(mantissa).exponent(exponent);
        }

        static Decimal decode(DecimalDecoder decoder) {
            return new Decimal(decoder.mantissa(), decoder.exponent());
        }
    }

    /** Every field of a Trade message. */
    record Trade(long eventTime, long tradeTime, long receiveTime, long tradeId, Decimal price, Decimal quantity,
                 boolean buyerIsMaker, String symbol) {

        /** A trade whose fields all differ and depend on {@code tradeId}. */
        static Trade sample(String symbol, long tradeId, long eventTime) {
            return new Trade(eventTime, eventTime - 3, eventTime + 1_250, tradeId,
                    Decimal.of(6_543_210_000L + tradeId, -5), Decimal.of(12_345 + tradeId, -8),
                    tradeId % 2 == 0, symbol);
        }

        byte[] encode() {
            UnsafeBuffer buffer = randomBuffer();
            TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
            encoder.eventTime(eventTime).tradeTime(tradeTime).receiveTime(receiveTime).tradeId(tradeId);
            price.encode(encoder.price());
            quantity.encode(encoder.quantity());
            encoder.buyerIsMaker(buyerIsMaker ? BooleanType.TRUE : BooleanType.FALSE).source(Source.LIVE)
                    .symbol(symbol);
            return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }

        /** Decodes a message that must be exactly one Trade, no byte more or less. */
        static Trade decode(byte[] message) {
            UnsafeBuffer buffer = new UnsafeBuffer(message);
            TradeDecoder decoder = new TradeDecoder().wrapAndApplyHeader(buffer, 0, header(buffer));
            Trade trade = new Trade(decoder.eventTime(), decoder.tradeTime(), decoder.receiveTime(),
                    decoder.tradeId(), Decimal.decode(decoder.price()), Decimal.decode(decoder.quantity()),
                    decoder.buyerIsMaker() == BooleanType.TRUE, decoder.symbol());
            assertThat(decoder.limit()).as("Trade message length").isEqualTo(message.length);
            return trade;
        }
    }

    /** Every field of a Kline message. */
    record Kline(long eventTime, long openTime, long closeTime, long receiveTime, KlineInterval interval,
                 long firstTradeId, long lastTradeId, long tradeCount, Decimal open, Decimal high, Decimal low,
                 Decimal close, Decimal volume, Decimal quoteVolume, Decimal takerBuyVolume,
                 Decimal takerBuyQuoteVolume, boolean closed, String symbol) {

        /** A kline whose fields all differ and depend on {@code n}. */
        static Kline sample(String symbol, KlineInterval interval, long n, long eventTime) {
            return new Kline(eventTime, eventTime - 60_000_000L, eventTime - 1, eventTime + 900, interval,
                    1_000 + n, 1_100 + n, 101, Decimal.of(650_001 + n, -1), Decimal.of(650_902 + n, -1),
                    Decimal.of(649_503 + n, -1), Decimal.of(650_404 + n, -1), Decimal.of(1_234_567 + n, -6),
                    Decimal.of(80_252_123 + n, -2), Decimal.of(612_345 + n, -6), Decimal.of(39_812_345 + n, -2),
                    n % 3 == 0, symbol);
        }

        byte[] encode() {
            UnsafeBuffer buffer = randomBuffer();
            KlineEncoder encoder = new KlineEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
            encoder.eventTime(eventTime).openTime(openTime).closeTime(closeTime).receiveTime(receiveTime)
                    .interval(interval).firstTradeId(firstTradeId).lastTradeId(lastTradeId).tradeCount(tradeCount);
            open.encode(encoder.open());
            high.encode(encoder.high());
            low.encode(encoder.low());
            close.encode(encoder.close());
            volume.encode(encoder.volume());
            quoteVolume.encode(encoder.quoteVolume());
            takerBuyVolume.encode(encoder.takerBuyVolume());
            takerBuyQuoteVolume.encode(encoder.takerBuyQuoteVolume());
            encoder.closed(closed ? BooleanType.TRUE : BooleanType.FALSE).source(Source.LIVE).symbol(symbol);
            return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }

        /** Decodes a message that must be exactly one Kline, no byte more or less. */
        static Kline decode(byte[] message) {
            UnsafeBuffer buffer = new UnsafeBuffer(message);
            KlineDecoder d = new KlineDecoder().wrapAndApplyHeader(buffer, 0, header(buffer));
            Kline kline = new Kline(d.eventTime(), d.openTime(), d.closeTime(), d.receiveTime(), d.interval(),
                    d.firstTradeId(), d.lastTradeId(), d.tradeCount(), Decimal.decode(d.open()),
                    Decimal.decode(d.high()), Decimal.decode(d.low()), Decimal.decode(d.close()),
                    Decimal.decode(d.volume()), Decimal.decode(d.quoteVolume()), Decimal.decode(d.takerBuyVolume()),
                    Decimal.decode(d.takerBuyQuoteVolume()), d.closed() == BooleanType.TRUE, d.symbol());
            assertThat(d.limit()).as("Kline message length").isEqualTo(message.length);
            return kline;
        }
    }

    private static MessageHeaderDecoder header(UnsafeBuffer buffer) {
        MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertThat(header.schemaId()).isEqualTo(MessageHeaderDecoder.SCHEMA_ID);
        assertThat(header.version()).isEqualTo(MessageHeaderDecoder.SCHEMA_VERSION);
        return header;
    }

    /** Random bytes first, so a field the encoder forgot to write shows up as garbage. */
    private static UnsafeBuffer randomBuffer() {
        byte[] bytes = new byte[4096];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new UnsafeBuffer(bytes);
    }
}
