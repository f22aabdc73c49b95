package io.binancedata.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Event time and exchange time: no event time is made up, and every message is still dated. */
class EventTimesTest {
    private static final long EVENT = 1_723_161_255_343_000L;
    private static final long TRADE = 1_723_161_255_342_000L;
    private static final long CLOSE = 1_617_566_639_999_000L;

    private final UnsafeBuffer buffer = Sbe.randomBuffer(256, 3);

    @Test
    void shouldBeTheSbeNullValueOfEventTime() {
        assertThat(EventTimes.NULL).isEqualTo(Long.MIN_VALUE)
            .isEqualTo(TradeDecoder.eventTimeNullValue()).isEqualTo(KlineDecoder.eventTimeNullValue());
        assertThat(EventTimes.isNull(Long.MIN_VALUE)).isTrue();
        assertThat(EventTimes.isNull(0)).isFalse();
    }

    @Test
    void shouldDateByTheEventTimeAndWithoutOneByTheTradeTimeOrTheMomentTheCandleClosed() {
        assertThat(EventTimes.tradeExchangeTime(EVENT, TRADE)).isEqualTo(EVENT);
        assertThat(EventTimes.tradeExchangeTime(EventTimes.NULL, TRADE)).isEqualTo(TRADE);
        assertThat(EventTimes.klineExchangeTime(EVENT, CLOSE)).isEqualTo(EVENT);
        assertThat(EventTimes.klineExchangeTime(EventTimes.NULL, CLOSE)).isEqualTo(CLOSE + 1_000);
    }

    @Test
    void shouldReadTheExchangeTimeOfAMessageOfEitherVersion() {
        final int trade = trade(EventTimes.NULL);
        assertThat(EventTimes.exchangeTime(buffer, 4, trade)).isEqualTo(TRADE);
        trade(EVENT);
        assertThat(EventTimes.exchangeTime(buffer, 4, trade)).isEqualTo(EVENT);

        final int kline = kline(EventTimes.NULL);
        assertThat(EventTimes.exchangeTime(buffer, 4, kline)).isEqualTo(CLOSE + 1_000);

        final int v1 = SchemaV1.encodeTrade(buffer, 4, EVENT, TRADE, 0, 1, 1, 0, 1, 0, true, "X");
        assertThat(EventTimes.exchangeTime(buffer, 4, v1)).isEqualTo(EVENT);
    }

    @Test
    void shouldRefuseWhatIsNotATradeOrKlineWithItsTimes() {
        final int trade = trade(EVENT);
        assertThatThrownBy(() -> EventTimes.exchangeTime(buffer, 4, 7))
            .hasMessage("message of 7 bytes is shorter than the 8-byte SBE message header");
        assertThatThrownBy(() -> EventTimes.exchangeTime(buffer, 4, 8 + 15))
            .hasMessage("Trade root block of 15 bytes holds no times");
        new MessageHeaderEncoder().wrap(buffer, 4).templateId(9);
        assertThatThrownBy(() -> EventTimes.exchangeTime(buffer, 4, trade)).hasMessage("unknown templateId 9");
        new MessageHeaderEncoder().wrap(buffer, 4).templateId(1).schemaId(1);
        assertThatThrownBy(() -> EventTimes.exchangeTime(buffer, 4, trade)).hasMessage("schemaId 1, expected 7201");
    }

    private int trade(final long eventTime) {
        final TradeEncoder trade = new TradeEncoder().wrapAndApplyHeader(buffer, 4, new MessageHeaderEncoder())
            .eventTime(eventTime).tradeTime(TRADE).receiveTime(0).tradeId(1).source(Source.BACKFILL);
        trade.symbol("X");
        return MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
    }

    private int kline(final long eventTime) {
        final KlineEncoder kline = new KlineEncoder().wrapAndApplyHeader(buffer, 4, new MessageHeaderEncoder())
            .eventTime(eventTime).openTime(CLOSE - 59_999_000L).closeTime(CLOSE).source(Source.BACKFILL);
        kline.symbol("X");
        return MessageHeaderEncoder.ENCODED_LENGTH + kline.encodedLength();
    }
}
