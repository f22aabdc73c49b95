package io.binancedata.codec;

import java.nio.charset.StandardCharsets;

import io.binancedata.sbe.v1.BooleanType;
import io.binancedata.sbe.v1.DecimalEncoder;
import io.binancedata.sbe.v1.KlineEncoder;
import io.binancedata.sbe.v1.KlineInterval;
import io.binancedata.sbe.v1.MessageHeaderEncoder;
import io.binancedata.sbe.v1.TradeEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Messages as product versions before schema version 2 wrote them: encoded with the codecs generated from a verbatim
 * copy of schema version 1 ({@code src/test/resources/sbe/binance-market-data-v1.xml}, package
 * {@code io.binancedata.sbe.v1}).
 */
public final class SchemaV1 {
    private SchemaV1() {
    }

    /** One version-1 Trade at {@code offset}; returns its length. */
    public static int encodeTrade(final MutableDirectBuffer buffer, final int offset, final long eventTime,
        final long tradeTime, final long receiveTime, final long tradeId, final long priceMantissa,
        final int priceExponent, final long quantityMantissa, final int quantityExponent, final boolean buyerIsMaker,
        final String symbol) {
        final TradeEncoder trade = new TradeEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .eventTime(eventTime).tradeTime(tradeTime).receiveTime(receiveTime).tradeId(tradeId);
        trade.price().mantissa(priceMantissa).exponent((byte)priceExponent);
        trade.quantity().mantissa(quantityMantissa).exponent((byte)quantityExponent);
        final byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
        trade.buyerIsMaker(buyerIsMaker ? BooleanType.TRUE : BooleanType.FALSE).putSymbol(utf8, 0, utf8.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
    }

    /** One version-1 Kline of {@code event} at {@code offset}; returns its length. */
    public static int encodeKline(final KlineEvent event, final long receiveTime, final MutableDirectBuffer buffer,
        final int offset) {
        final KlineEvent.Kline k = event.kline();
        final KlineEncoder kline = new KlineEncoder().wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .eventTime(event.eventTimeMillis() * 1000).openTime(k.openTimeMillis() * 1000)
            .closeTime(k.closeTimeMillis() * 1000).receiveTime(receiveTime)
            .interval(KlineInterval.get(KlineIntervals.parse(k.interval()).value()))
            .firstTradeId(k.firstTradeId()).lastTradeId(k.lastTradeId()).tradeCount(k.tradeCount());
        decimal(k.open(), kline.open());
        decimal(k.high(), kline.high());
        decimal(k.low(), kline.low());
        decimal(k.close(), kline.close());
        decimal(k.volume(), kline.volume());
        decimal(k.quoteVolume(), kline.quoteVolume());
        decimal(k.takerBuyVolume(), kline.takerBuyVolume());
        decimal(k.takerBuyQuoteVolume(), kline.takerBuyQuoteVolume());
        final byte[] utf8 = event.symbol().getBytes(StandardCharsets.UTF_8);
        kline.closed(k.closed() ? BooleanType.TRUE : BooleanType.FALSE).putSymbol(utf8, 0, utf8.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + kline.encodedLength();
    }

    /** Parses {@code text} as the product does (into a current Decimal) and copies the pair into version 1's. */
    private static void decimal(final String text, final DecimalEncoder encoder) {
        final UnsafeBuffer parsed = new UnsafeBuffer(new byte[io.binancedata.sbe.DecimalEncoder.ENCODED_LENGTH]);
        DecimalParser.parse(text, "decimal", new io.binancedata.sbe.DecimalEncoder().wrap(parsed, 0));
        final io.binancedata.sbe.DecimalDecoder decoded = new io.binancedata.sbe.DecimalDecoder().wrap(parsed, 0);
        encoder.mantissa(decoded.mantissa()).exponent(decoded.exponent());
    }
}
