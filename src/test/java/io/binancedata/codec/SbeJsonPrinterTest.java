package io.binancedata.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbeJsonPrinterTest {
    static final String TRADE_JSON = "{\"type\":\"Trade\",\"eventTime\":1723161255343000,"
        + "\"tradeTime\":1723161255342000,\"receiveTime\":1723161254087896,\"tradeId\":3735683259,"
        + "\"price\":\"61837.63\",\"quantity\":\"0.02\",\"buyerIsMaker\":true,\"source\":\"LIVE\","
        + "\"symbol\":\"BTCUSDT\"}";
    static final String KLINE_JSON = "{\"type\":\"Kline\",\"eventTime\":1617566640068000,"
        + "\"openTime\":1617566580000000,\"closeTime\":1617566639999000,\"receiveTime\":1617566640100123,"
        + "\"interval\":\"1m\",\"firstTradeId\":745522651,\"lastTradeId\":745523670,\"tradeCount\":1020,"
        + "\"open\":\"57994.6\",\"high\":\"58018.03\",\"low\":\"57974.41\",\"close\":\"57999.99\","
        + "\"volume\":\"23.067122\",\"quoteVolume\":\"1337913.58654308\",\"takerBuyVolume\":\"11.413347\","
        + "\"takerBuyQuoteVolume\":\"661954.86510045\",\"closed\":true,\"source\":\"LIVE\","
        + "\"symbol\":\"BTCUSDT\"}";
    private static final int OFFSET = 11;

    private final ObjectMapper mapper = EventMapper.create();
    private final SbeJsonPrinter printer = new SbeJsonPrinter();
    private final UnsafeBuffer buffer = Sbe.randomBuffer(OFFSET + KlineEventEncoder.MAX_ENCODED_LENGTH + 64, 5);

    @Test
    void shouldPrintTradeExactly() throws Exception {
        final int length = encodeTrade(mapper.readValue(EventMapperTest.TRADE, TradeEvent.class), 1723161254087896L);

        assertThat(printer.toJson(buffer, OFFSET, length)).isEqualTo(TRADE_JSON);
    }

    @Test
    void shouldPrintKlineExactly() throws Exception {
        final KlineEvent event = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);
        final int length = new KlineEventEncoder().encode(event, 1617566640100123L, buffer, OFFSET);

        assertThat(printer.toJson(buffer, OFFSET, length)).isEqualTo(KLINE_JSON);
        assertThat(printer.toJson(buffer, OFFSET, length)).as("printer reused").isEqualTo(KLINE_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"币安人生USDT", "A\"B\\C", "TAB\tNL\nNUL\u0000", "EMOJI\uD83D\uDE00", "</script>"})
    void shouldRoundTripAnySymbolThroughJson(final String symbol) throws Exception {
        final int length = encodeTrade(new TradeEvent("trade", 1, symbol, 2, "-0.5", "100", 3, false));

        final String json = printer.toJson(buffer, OFFSET, length);

        final JsonNode node = mapper.readTree(json);
        assertThat(node.get("symbol").textValue()).isEqualTo(symbol);
        assertThat(node.get("price").textValue()).isEqualTo("-0.5");
        assertThat(node.get("quantity").textValue()).isEqualTo("100");
        assertThat(node.get("buyerIsMaker").booleanValue()).isFalse();
        assertThat(json).doesNotContain("\n", "\t");
    }

    @Test
    void shouldKeepNonAsciiSymbolReadable() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "币安人生USDT", 2, "1", "1", 3, true));

        assertThat(printer.toJson(buffer, OFFSET, length)).endsWith(",\"symbol\":\"币安人生USDT\"}");
    }

    @Test
    void shouldRejectUnknownTemplateSchemaAndVersion() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true));
        final MessageHeaderEncoder header = new MessageHeaderEncoder().wrap(buffer, OFFSET);

        header.templateId(9);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown templateId 9 (known: Trade=1, Kline=2)");
        header.templateId(TradeEncoder.TEMPLATE_ID).schemaId(1);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length)).hasMessage("schemaId 1, expected 7201");
        header.schemaId(TradeEncoder.SCHEMA_ID).version(0);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length))
            .hasMessage("schema version 0 is not a released version");
        header.version(1).blockLength(50);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length))
            .hasMessage("Trade blockLength 50 is shorter than 51");
        header.version(2).blockLength(51);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length))
            .hasMessage("Trade blockLength 51 is shorter than 52");
    }

    @Test
    void shouldRejectTruncatedOrOverlongMessages() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "BTCUSDT", 2, "1", "1", 3, true));

        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, 7))
            .hasMessage("message of 7 bytes is shorter than the 8-byte SBE message header");
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, 61))
            .hasMessage("Trade truncated: 61 bytes, root block and symbol length need 62");
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length - 1))
            .hasMessage("Trade truncated: symbol of 7 bytes ends at 69, message has 68");
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length + 1))
            .hasMessage("Trade has 1 bytes after its symbol");
    }

    @Test
    void shouldRejectInvalidEnumValuesAndNullDecimals() throws Exception {
        final int length = encodeTrade(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true));
        new TradeEncoder().wrap(buffer, OFFSET + 8).buyerIsMaker(BooleanType.NULL_VAL);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length))
            .hasMessage("buyerIsMaker has value 255, not a BooleanType");

        encodeTrade(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true));
        new TradeEncoder().wrap(buffer, OFFSET + 8).price().mantissa(Long.MIN_VALUE);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length)).hasMessage("price holds the SBE null value");

        final KlineEvent kline = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);
        final int klineLength = new KlineEventEncoder().encode(kline, 0, buffer, OFFSET);
        buffer.putByte(OFFSET + 8 + KlineEncoder.intervalEncodingOffset(), (byte)16);
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, klineLength))
            .hasMessage("interval has value 16, not a KlineInterval");
    }

    @Test
    void shouldRejectSymbolThatIsNotUtf8() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "XY", 2, "1", "1", 3, true));
        buffer.putByte(OFFSET + length - 1, (byte)0xFF);

        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length)).hasMessage("symbol is not valid UTF-8");
    }

    @Test
    void shouldPrintABackfilledTradeWithoutEventTime() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true));
        new TradeEncoder().wrap(buffer, OFFSET + 8)
            .eventTime(TradeEncoder.eventTimeNullValue()).source(Source.BACKFILL);

        assertThat(printer.toJson(buffer, OFFSET, length)).isEqualTo("{\"type\":\"Trade\",\"eventTime\":null,"
            + "\"tradeTime\":3000,\"receiveTime\":0,\"tradeId\":2,\"price\":\"1\",\"quantity\":\"1\","
            + "\"buyerIsMaker\":true,\"source\":\"BACKFILL\",\"symbol\":\"X\"}");
    }

    @Test
    void shouldPrintABackfilledKlineWithoutEventTime() throws Exception {
        final KlineEvent event = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);
        final int length = new KlineEventEncoder().encode(event, 1617566640100123L, buffer, OFFSET);
        new KlineEncoder().wrap(buffer, OFFSET + 8)
            .eventTime(KlineEncoder.eventTimeNullValue()).source(Source.BACKFILL);

        assertThat(printer.toJson(buffer, OFFSET, length)).isEqualTo(KLINE_JSON
            .replace("\"eventTime\":1617566640068000", "\"eventTime\":null")
            .replace("\"source\":\"LIVE\"", "\"source\":\"BACKFILL\""));
    }

    @Test
    void shouldRejectAnUnknownSource() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true));
        buffer.putByte(OFFSET + 8 + TradeEncoder.sourceEncodingOffset(), (byte)2);

        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, length)).hasMessage("source has value 2, not a Source");
    }

    @Test
    void shouldReadVersion1MessagesWrittenBeforeSourceExisted() throws Exception {
        final int trade = SchemaV1.encodeTrade(buffer, OFFSET, 1723161255343000L, 1723161255342000L, 1723161254087896L,
            3735683259L, 6183763, -2, 2, -2, true, "BTCUSDT");

        assertThat(printer.toJson(buffer, OFFSET, trade))
            .isEqualTo(TRADE_JSON.replace("\"source\":\"LIVE\",", ""));
        assertThatThrownBy(() -> printer.toJson(buffer, OFFSET, trade + 1))
            .hasMessage("Trade has 1 bytes after its symbol");

        final KlineEvent event = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);
        final int kline = SchemaV1.encodeKline(event, 1617566640100123L, buffer, OFFSET);
        assertThat(printer.toJson(buffer, OFFSET, kline))
            .isEqualTo(KLINE_JSON.replace("\"source\":\"LIVE\",", ""));
    }

    @Test
    void shouldReadNewerVersionByItsBlockLength() {
        final int length = encodeTrade(new TradeEvent("trade", 1, "X", 2, "1", "1", 3, true));
        final UnsafeBuffer v3 = new UnsafeBuffer(new byte[length + 16]);
        final int extra = 4;
        v3.putBytes(0, buffer, OFFSET, 8 + TradeEncoder.BLOCK_LENGTH);
        v3.putInt(8 + TradeEncoder.BLOCK_LENGTH, 0x12345678);
        v3.putBytes(8 + TradeEncoder.BLOCK_LENGTH + extra, buffer, OFFSET + 8 + TradeEncoder.BLOCK_LENGTH,
            length - 8 - TradeEncoder.BLOCK_LENGTH);
        new MessageHeaderEncoder().wrap(v3, 0).blockLength(TradeEncoder.BLOCK_LENGTH + extra).version(3);
        v3.putLong(length + extra, 0L);

        assertThat(printer.toJson(v3, 0, length + extra + 8)).isEqualTo("{\"type\":\"Trade\",\"eventTime\":1000,"
            + "\"tradeTime\":3000,\"receiveTime\":0,\"tradeId\":2,\"price\":\"1\",\"quantity\":\"1\","
            + "\"buyerIsMaker\":true,\"source\":\"LIVE\",\"symbol\":\"X\"}");
    }

    private int encodeTrade(final TradeEvent event) {
        return encodeTrade(event, 0);
    }

    private int encodeTrade(final TradeEvent event, final long receiveTimeMicros) {
        return new TradeEventEncoder().encode(event, receiveTimeMicros, buffer, OFFSET);
    }
}
