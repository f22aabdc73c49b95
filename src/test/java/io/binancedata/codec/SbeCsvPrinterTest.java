package io.binancedata.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.Source;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbeCsvPrinterTest {
    private static final int OFFSET = 11;
    private static final String KLINE_HEADER = "eventTime,openTime,closeTime,receiveTime,interval,firstTradeId,"
        + "lastTradeId,tradeCount,open,high,low,close,volume,quoteVolume,takerBuyVolume,takerBuyQuoteVolume,closed,"
        + "source,symbol";
    private static final String KLINE_ROW = "1617566640068000,1617566580000000,1617566639999000,1617566640100123,1m,"
        + "745522651,745523670,1020,57994.6,58018.03,57974.41,57999.99,23.067122,1337913.58654308,11.413347,"
        + "661954.86510045,true,LIVE,BTCUSDT";

    private final ObjectMapper mapper = EventMapper.create();
    private final SbeCsvPrinter printer = new SbeCsvPrinter();
    private final UnsafeBuffer buffer = Sbe.randomBuffer(OFFSET + KlineEventEncoder.MAX_ENCODED_LENGTH + 64, 7);

    @Test
    void shouldPrintAKlineRowUnderItsHeader() throws Exception {
        final int length = encodeKline();

        assertThat(printer.toCsv(buffer, OFFSET, length)).isEqualTo(KLINE_ROW);
        assertThat(printer.header()).hasToString(KLINE_HEADER);
    }

    @Test
    void shouldLeaveTheEventTimeOfABackfilledKlineAndTheSourceOfAVersion1KlineEmpty() throws Exception {
        final int length = encodeKline();
        new KlineEncoder().wrap(buffer, OFFSET + 8).eventTime(KlineEncoder.eventTimeNullValue())
            .source(Source.BACKFILL);
        assertThat(printer.toCsv(buffer, OFFSET, length)).isEqualTo(KLINE_ROW.replace("1617566640068000,", ",")
            .replace("LIVE", "BACKFILL"));

        final KlineEvent event = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);
        final int v1 = SchemaV1.encodeKline(event, 1617566640100123L, buffer, OFFSET);
        assertThat(printer.toCsv(buffer, OFFSET, v1)).isEqualTo(KLINE_ROW.replace("LIVE", ""));
        assertThat(printer.header()).hasToString(KLINE_HEADER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "BTCUSDT|BTCUSDT", "币安人生USDT|币安人生USDT", "A,B|\"A,B\"", "A\"B|\"A\"\"B\"", "A B\\C|A B\\C"})
    void shouldQuoteASymbolOnlyWhereCsvNeedsIt(final String symbol, final String field) {
        final int length = new TradeEventEncoder().encode(new TradeEvent("trade", 1, symbol, 2, "-0.5", "100", 3,
            false), 4, buffer, OFFSET);

        assertThat(printer.toCsv(buffer, OFFSET, length)).isEqualTo("1000,3000,4,2,-0.5,100,false,LIVE," + field);
    }

    @Test
    void shouldQuoteLineBreaksInASymbol() {
        final int length = new TradeEventEncoder().encode(new TradeEvent("trade", 1, "A\r\nB", 2, "1", "1", 3,
            true), 4, buffer, OFFSET);

        assertThat(printer.toCsv(buffer, OFFSET, length)).endsWith(",LIVE,\"A\r\nB\"");
    }

    @Test
    void shouldRejectWhatTheJsonPrinterRejects() {
        final int length = new TradeEventEncoder().encode(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true), 4,
            buffer, OFFSET);

        assertThatThrownBy(() -> printer.toCsv(buffer, OFFSET, length - 1))
            .hasMessage("Trade truncated: symbol of 1 bytes ends at 63, message has 62");
    }

    private int encodeKline() throws Exception {
        final KlineEvent event = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);
        return new KlineEventEncoder().encode(event, 1617566640100123L, buffer, OFFSET);
    }
}
