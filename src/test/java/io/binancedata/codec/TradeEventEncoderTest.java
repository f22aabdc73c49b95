package io.binancedata.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradeEventEncoderTest {
    private static final long RECEIVE_MICROS = 1723161254087896L;
    private static final int OFFSET = 13;

    private final ObjectMapper mapper = EventMapper.create();
    private final TradeEventEncoder encoder = new TradeEventEncoder();
    private final UnsafeBuffer buffer = Sbe.randomBuffer(OFFSET + TradeEventEncoder.MAX_ENCODED_LENGTH, 1);

    @Test
    void shouldEncodeEveryFieldOfRealTrade() throws Exception {
        final TradeEvent event = mapper.readValue(RealData.trades(RealData.BTC_TRADES_2024).get(0), TradeEvent.class);

        final int length = encoder.encode(event, RECEIVE_MICROS, buffer, OFFSET);

        assertThat(length).isEqualTo(MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH + 2 + 7);
        final TradeDecoder trade = Sbe.tradeDecoder(buffer, OFFSET);
        assertThat(trade.eventTime()).isEqualTo(1723161255343000L);
        assertThat(trade.tradeTime()).isEqualTo(1723161255342000L);
        assertThat(trade.receiveTime()).isEqualTo(RECEIVE_MICROS);
        assertThat(trade.tradeId()).isEqualTo(3735683259L);
        assertThat(trade.price().mantissa()).isEqualTo(6183763L);
        assertThat(trade.price().exponent()).isEqualTo((byte)-2);
        assertThat(trade.quantity().mantissa()).isEqualTo(2L);
        assertThat(trade.quantity().exponent()).isEqualTo((byte)-2);
        assertThat(trade.buyerIsMaker()).isEqualTo(BooleanType.TRUE);
        assertThat(trade.symbol()).isEqualTo("BTCUSDT");
        assertThat(trade.limit()).isEqualTo(OFFSET + length);
    }

    @Test
    void shouldEncodeTradeOf2023ShapeWithOrderIds() throws Exception {
        final String json = RealData.trades(RealData.BTC_TRADES_2023).get(1);
        assertThat(json).contains("\"b\":20720542158");

        final int length = encoder.encode(mapper.readValue(json, TradeEvent.class), 7, buffer, 0);

        final TradeDecoder trade = Sbe.tradeDecoder(buffer, 0);
        assertThat(trade.eventTime()).isEqualTo(1680652800002000L);
        assertThat(trade.tradeTime()).isEqualTo(1680652800001000L);
        assertThat(trade.receiveTime()).isEqualTo(7);
        assertThat(trade.tradeId()).isEqualTo(3071245455L);
        Sbe.assertDecimal(trade.price(), "28165.47");
        Sbe.assertDecimal(trade.quantity(), "0.00128");
        assertThat(trade.buyerIsMaker()).isEqualTo(BooleanType.TRUE);
        assertThat(trade.symbol()).isEqualTo("BTCUSDT");
        assertThat(trade.limit()).isEqualTo(length);
    }

    @Test
    void shouldEncodeNonAsciiSymbolAndHugeQuantity() {
        final TradeEvent event = new TradeEvent("trade", 1L, "币安人生USDT", 0L, "0.00000001",
            "12345678901234.00000000", 2L, false);

        final int length = encoder.encode(event, 0, buffer, OFFSET);

        final TradeDecoder trade = Sbe.tradeDecoder(buffer, OFFSET);
        assertThat(trade.eventTime()).isEqualTo(1000L);
        assertThat(trade.tradeTime()).isEqualTo(2000L);
        assertThat(trade.tradeId()).isZero();
        Sbe.assertDecimal(trade.price(), "0.00000001");
        assertThat(trade.quantity().mantissa()).isEqualTo(12345678901234L);
        assertThat(trade.quantity().exponent()).isZero();
        assertThat(trade.buyerIsMaker()).isEqualTo(BooleanType.FALSE);
        assertThat(trade.symbolLength()).isEqualTo("币安人生USDT".getBytes(StandardCharsets.UTF_8).length)
            .isEqualTo(16);
        assertThat(trade.symbol()).isEqualTo("币安人生USDT");
        assertThat(length).isEqualTo(8 + 52 + 2 + 16);
    }

    @Test
    void shouldRoundTripEveryRealTradeOfA2024Recording() throws Exception {
        final List<String> lines = RealData.trades(RealData.BTC_TRADES_2024);
        assertThat(lines).hasSize(9757);

        long previousTradeId = 3735683258L;
        for (final String json : lines) {
            final TradeEvent event = mapper.readValue(json, TradeEvent.class);
            final long receive = event.eventTimeMillis() * 1000 + 17;
            final int length = encoder.encode(event, receive, buffer, OFFSET);

            final TradeDecoder trade = Sbe.tradeDecoder(buffer, OFFSET);
            assertThat(trade.eventTime()).isEqualTo(event.eventTimeMillis() * 1000);
            assertThat(trade.tradeTime()).isEqualTo(event.tradeTimeMillis() * 1000);
            assertThat(trade.receiveTime()).isEqualTo(receive);
            assertThat(trade.tradeId()).isEqualTo(event.tradeId()).isEqualTo(previousTradeId + 1);
            Sbe.assertDecimal(trade.price(), event.price());
            Sbe.assertDecimal(trade.quantity(), event.quantity());
            assertThat(trade.buyerIsMaker()).isEqualTo(event.buyerIsMaker() ? BooleanType.TRUE : BooleanType.FALSE);
            assertThat(trade.symbol()).isEqualTo("BTCUSDT");
            assertThat(trade.limit()).isEqualTo(OFFSET + length);
            previousTradeId = trade.tradeId();
        }
        assertThat(previousTradeId).isEqualTo(3735693015L);
    }

    @Test
    void shouldEncodeTheSameWhenOneEncoderAndBufferAreReused() throws Exception {
        final List<TradeEvent> events = mixedRealTrades(10_000);
        final UnsafeBuffer reused = Sbe.randomBuffer(TradeEventEncoder.MAX_ENCODED_LENGTH, 3);

        for (int i = 0; i < events.size(); i++) {
            final int length = encoder.encode(events.get(i), i, reused, 0);

            final UnsafeBuffer fresh = new UnsafeBuffer(new byte[TradeEventEncoder.MAX_ENCODED_LENGTH]);
            final int freshLength = new TradeEventEncoder().encode(events.get(i), i, fresh, 0);
            assertThat(length).isEqualTo(freshLength);
            assertThat(bytes(reused, length)).as("trade %d", i).isEqualTo(bytes(fresh, freshLength));
            assertThat(Sbe.tradeDecoder(reused, 0).tradeId()).isEqualTo(events.get(i).tradeId());
        }
    }

    @Test
    void shouldNotAllocateWhenEncodingASeenSymbol() throws Exception {
        final TradeEvent[] events = mixedRealTrades(4_000).stream()
            .filter(e -> e.symbol().equals("BTCUSDT")).toArray(TradeEvent[]::new);

        Allocations.assertNoAllocationPerCall(events.length, i -> encoder.encode(events[i], i, buffer, 0));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "E | 9223372036854776    | time outside",
        "E | -1                  | time outside",
        "T | 9223372036854775807 | time outside",
        "t | -1                  | must be at least 0",
        "p | 61837,63            | not a plain decimal",
        "p | 92233720368547758.08 | does not fit an int64 mantissa",
        "q | 1e-8                | not a plain decimal",
        "q |                     | not a plain decimal",
    })
    void shouldRejectValuesTheSchemaCannotHold(final String field, final String value, final String reason) {
        final String text = value == null ? "" : value;
        final TradeEvent event = switch (field) {
            case "E" -> new TradeEvent("trade", Long.parseLong(text), "BTCUSDT", 1, "1.0", "1.0", 1, true);
            case "T" -> new TradeEvent("trade", 1, "BTCUSDT", 1, "1.0", "1.0", Long.parseLong(text), true);
            case "t" -> new TradeEvent("trade", 1, "BTCUSDT", Long.parseLong(text), "1.0", "1.0", 1, true);
            case "p" -> new TradeEvent("trade", 1, "BTCUSDT", 1, text, "1.0", 1, true);
            default -> new TradeEvent("trade", 1, "BTCUSDT", 1, "1.0", text, 1, true);
        };

        assertThatThrownBy(() -> encoder.encode(event, 0, buffer, 0))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageStartingWith("invalid field '" + field + "' = \"" + text + "\"")
            .hasMessageContaining(reason);
        assertThat(encoder.encode(new TradeEvent("trade", 1, "BTCUSDT", 5, "1.0", "2", 1, true), 0, buffer, 0))
            .as("encoder still usable after a failure").isEqualTo(69);
        assertThat(Sbe.tradeDecoder(buffer, 0).tradeId()).isEqualTo(5);
    }

    @Test
    void shouldAcceptLargestTimeThatFitsInMicros() {
        final long maxMillis = Long.MAX_VALUE / 1000;
        encoder.encode(new TradeEvent("trade", maxMillis, "X", 0, "1", "1", 0, true), Long.MAX_VALUE, buffer, 0);

        assertThat(Sbe.tradeDecoder(buffer, 0).eventTime()).isEqualTo(maxMillis * 1000);
    }

    @Test
    void shouldRejectBadSymbols() {
        assertThatThrownBy(() -> new TradeEvent("trade", 1, "", 1, "1", "1", 1, true))
            .isInstanceOf(InvalidFieldException.class).hasMessage("invalid field 's' = \"\": empty");
        assertThatThrownBy(() -> encoder.encode(trade("\ud800USDT"), 0, buffer, 0))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("not valid Unicode");
        assertThatThrownBy(() -> encoder.encode(trade("币".repeat(342)), 0, buffer, 0))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("longer than 1024 bytes");
        assertThat(encoder.encode(trade("A".repeat(1024)), 0, buffer, 0))
            .isEqualTo(TradeEventEncoder.MAX_ENCODED_LENGTH);
        assertThatThrownBy(() -> encoder.encode(null, 0, buffer, 0))
            .isInstanceOf(InvalidFieldException.class).hasMessage("invalid field 'trade' = null: missing");
    }

    @Test
    void shouldReuseSymbolBytesOnlyForEqualSymbols() {
        encoder.encode(trade("BTCUSDT"), 0, buffer, 0);
        encoder.encode(trade(new String("BTCUSDT".toCharArray())), 0, buffer, 0);
        assertThat(Sbe.tradeDecoder(buffer, 0).symbol()).isEqualTo("BTCUSDT");

        encoder.encode(trade("ETHUSDT"), 0, buffer, 0);
        assertThat(Sbe.tradeDecoder(buffer, 0).symbol()).isEqualTo("ETHUSDT");
    }

    private static TradeEvent trade(final String symbol) {
        return new TradeEvent("trade", 1, symbol, 1, "1", "1", 1, true);
    }

    /** BTC and ETH trades of 2024 interleaved, then BTC trades of the 2023 shape. */
    private List<TradeEvent> mixedRealTrades(final int count) throws Exception {
        final List<String> btc = RealData.trades(RealData.BTC_TRADES_2024);
        final List<String> eth = RealData.trades(RealData.ETH_TRADES_2024);
        final List<String> old = RealData.trades(RealData.BTC_TRADES_2023);
        final List<TradeEvent> events = new ArrayList<>(count);
        for (int i = 0; events.size() < count; i++) {
            final String json = i < 3000 ? (i % 2 == 0 ? btc : eth).get(i / 2)
                : i < 5000 ? old.get(i - 3000) : btc.get(i - 3500);
            events.add(mapper.readValue(json, TradeEvent.class));
        }
        return events;
    }

    private static byte[] bytes(final DirectBuffer buffer, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
