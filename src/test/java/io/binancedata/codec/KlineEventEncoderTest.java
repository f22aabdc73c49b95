package io.binancedata.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.KlineInterval;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KlineEventEncoderTest {
    private static final int OFFSET = 5;

    private final ObjectMapper mapper = EventMapper.create();
    private final KlineEventEncoder encoder = new KlineEventEncoder();
    private final UnsafeBuffer buffer = Sbe.randomBuffer(OFFSET + KlineEventEncoder.MAX_ENCODED_LENGTH, 2);

    @Test
    void shouldEncodeEveryFieldOfDocumentedKline() throws Exception {
        final KlineEvent event = mapper.readValue(EventMapperTest.KLINE, KlineEvent.class);

        final int length = encoder.encode(event, 1617566640100123L, buffer, OFFSET);

        assertThat(length).isEqualTo(8 + KlineEncoder.BLOCK_LENGTH + 2 + 7);
        final KlineDecoder kline = Sbe.klineDecoder(buffer, OFFSET);
        assertThat(kline.eventTime()).isEqualTo(1617566640068000L);
        assertThat(kline.openTime()).isEqualTo(1617566580000000L);
        assertThat(kline.closeTime()).isEqualTo(1617566639999000L);
        assertThat(kline.receiveTime()).isEqualTo(1617566640100123L);
        assertThat(kline.interval()).isEqualTo(KlineInterval.MINUTE_1);
        assertThat(kline.firstTradeId()).isEqualTo(745522651L);
        assertThat(kline.lastTradeId()).isEqualTo(745523670L);
        assertThat(kline.tradeCount()).isEqualTo(1020L);
        assertDecimal(kline.open().mantissa(), kline.open().exponent(), 579946L, -1);
        assertDecimal(kline.high().mantissa(), kline.high().exponent(), 5801803L, -2);
        assertDecimal(kline.low().mantissa(), kline.low().exponent(), 5797441L, -2);
        assertDecimal(kline.close().mantissa(), kline.close().exponent(), 5799999L, -2);
        assertDecimal(kline.volume().mantissa(), kline.volume().exponent(), 23067122L, -6);
        assertDecimal(kline.quoteVolume().mantissa(), kline.quoteVolume().exponent(), 133791358654308L, -8);
        assertDecimal(kline.takerBuyVolume().mantissa(), kline.takerBuyVolume().exponent(), 11413347L, -6);
        assertDecimal(kline.takerBuyQuoteVolume().mantissa(), kline.takerBuyQuoteVolume().exponent(),
            66195486510045L, -8);
        assertThat(kline.closed()).isEqualTo(BooleanType.TRUE);
        assertThat(kline.symbol()).isEqualTo("BTCUSDT");
        assertThat(kline.limit()).isEqualTo(OFFSET + length);
    }

    @Test
    void shouldRoundTripEveryRealKlineOfARecording() throws Exception {
        final List<String> lines = RealData.klines(RealData.KLINES_2021);
        assertThat(lines).hasSize(118);

        for (final String json : lines) {
            final KlineEvent event = mapper.readValue(json, KlineEvent.class);
            final KlineEvent.Kline k = event.kline();
            final int length = encoder.encode(event, 42, buffer, OFFSET);

            final KlineDecoder kline = Sbe.klineDecoder(buffer, OFFSET);
            assertThat(kline.eventTime()).isEqualTo(event.eventTimeMillis() * 1000);
            assertThat(kline.openTime()).isEqualTo(k.openTimeMillis() * 1000);
            assertThat(kline.closeTime()).isEqualTo(k.closeTimeMillis() * 1000);
            assertThat(kline.receiveTime()).isEqualTo(42);
            assertThat(kline.interval()).isEqualTo(KlineInterval.MINUTE_1);
            assertThat(kline.firstTradeId()).isEqualTo(k.firstTradeId());
            assertThat(kline.lastTradeId()).isEqualTo(k.lastTradeId());
            assertThat(kline.tradeCount()).isEqualTo(k.tradeCount());
            Sbe.assertDecimal(kline.open(), k.open());
            Sbe.assertDecimal(kline.high(), k.high());
            Sbe.assertDecimal(kline.low(), k.low());
            Sbe.assertDecimal(kline.close(), k.close());
            Sbe.assertDecimal(kline.volume(), k.volume());
            Sbe.assertDecimal(kline.quoteVolume(), k.quoteVolume());
            Sbe.assertDecimal(kline.takerBuyVolume(), k.takerBuyVolume());
            Sbe.assertDecimal(kline.takerBuyQuoteVolume(), k.takerBuyQuoteVolume());
            assertThat(kline.closed()).isEqualTo(k.closed() ? BooleanType.TRUE : BooleanType.FALSE);
            assertThat(kline.symbol()).isEqualTo(event.symbol()).isIn("BTCUSDT", "ETHUSDT", "DOTUSDT");
            assertThat(kline.limit()).isEqualTo(OFFSET + length);
        }
    }

    @Test
    void shouldNotAllocateWhenEncodingASeenSymbol() throws Exception {
        final KlineEvent[] events = RealData.klines(RealData.KLINES_2021).stream()
            .map(this::read).filter(e -> e.symbol().equals("ETHUSDT")).toArray(KlineEvent[]::new);
        assertThat(events).hasSizeGreaterThan(30);

        Allocations.assertNoAllocationPerCall(events.length * 20,
            i -> encoder.encode(events[i % events.length], i, buffer, 0));
    }

    @ParameterizedTest
    @EnumSource(value = KlineInterval.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void shouldEncodeEveryInterval(final KlineInterval interval) {
        encoder.encode(kline(KlineIntervals.code(interval), "1", "BTCUSDT"), 0, buffer, OFFSET);

        assertThat(Sbe.klineDecoder(buffer, OFFSET).interval()).isEqualTo(interval);
    }

    @Test
    void shouldEncodeEmptyBucketHugeVolumeAndNonAsciiSymbol() {
        final KlineEvent.Kline k = new KlineEvent.Kline(0, 999, "币安人生USDT", "1s", -1, -1, "0.5", "0.5", "0.5",
            "0.5", "12345678901234.00000000", 0, false, "0.00000000", "0", "0");

        encoder.encode(new KlineEvent("kline", 1000, "币安人生USDT", k), 0, buffer, 0);

        final KlineDecoder kline = Sbe.klineDecoder(buffer, 0);
        assertThat(kline.firstTradeId()).isEqualTo(-1);
        assertThat(kline.lastTradeId()).isEqualTo(-1);
        assertThat(kline.tradeCount()).isZero();
        assertDecimal(kline.volume().mantissa(), kline.volume().exponent(), 12345678901234L, 0);
        assertDecimal(kline.quoteVolume().mantissa(), kline.quoteVolume().exponent(), 0, 0);
        assertThat(kline.closed()).isEqualTo(BooleanType.FALSE);
        assertThat(kline.symbol()).isEqualTo("币安人生USDT");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "k.i | 1H                        | unknown interval, valid (case-sensitive): 1s 1m 3m",
        "k.i | 1min                      | unknown interval",
        "k.v | 92233720368547758.08000000 | does not fit an int64 mantissa",
        "k.o | -                         | not a plain decimal",
        "k.Q | 1.0.0                     | not a plain decimal",
        "k.t | -5                        | time outside",
        "k.f | -2                        | must be at least -1",
        "k.n | -1                        | must be at least 0",
    })
    void shouldRejectValuesTheSchemaCannotHold(final String field, final String value, final String reason) {
        final KlineEvent event = switch (field) {
            case "k.i" -> kline(value, "1", "BTCUSDT");
            case "k.v" -> kline("1m", value, "BTCUSDT");
            case "k.o" -> new KlineEvent("kline", 1, "X", new KlineEvent.Kline(0, 1, "X", "1m", 0, 0, value, "1", "1",
                "1", "1", 1, true, "1", "1", "1"));
            case "k.Q" -> new KlineEvent("kline", 1, "X", new KlineEvent.Kline(0, 1, "X", "1m", 0, 0, "1", "1", "1",
                "1", "1", 1, true, "1", "1", value));
            case "k.t" -> new KlineEvent("kline", 1, "X", new KlineEvent.Kline(Long.parseLong(value), 1, "X", "1m", 0,
                0, "1", "1", "1", "1", "1", 1, true, "1", "1", "1"));
            case "k.f" -> new KlineEvent("kline", 1, "X", new KlineEvent.Kline(0, 1, "X", "1m", Long.parseLong(value),
                0, "1", "1", "1", "1", "1", 1, true, "1", "1", "1"));
            default -> new KlineEvent("kline", 1, "X", new KlineEvent.Kline(0, 1, "X", "1m", 0, 0, "1", "1", "1",
                "1", "1", Long.parseLong(value), true, "1", "1", "1"));
        };

        assertThatThrownBy(() -> encoder.encode(event, 0, buffer, 0))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageStartingWith("invalid field '" + field + "' = \"" + value + "\"")
            .hasMessageContaining(reason);
    }

    @Test
    void shouldRejectInconsistentOrMissingParts() {
        assertThatThrownBy(() -> new KlineEvent("kline", 1, "BTCUSDT", kline("1m", "1", "ETHUSDT").kline()))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessage("invalid field 'k.s' = \"ETHUSDT\": differs from s \"BTCUSDT\"");
        assertThatThrownBy(() -> new KlineEvent("kline", 1, "BTCUSDT", null))
            .isInstanceOf(InvalidFieldException.class).hasMessage("invalid field 'k' = null: missing");
        assertThatThrownBy(() -> encoder.encode(null, 0, buffer, 0))
            .isInstanceOf(InvalidFieldException.class).hasMessage("invalid field 'kline' = null: missing");
    }

    private KlineEvent read(final String json) {
        try {
            return mapper.readValue(json, KlineEvent.class);
        } catch (final Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static KlineEvent kline(final String interval, final String volume, final String symbol) {
        return new KlineEvent("kline", 1, symbol, new KlineEvent.Kline(0, 1, symbol, interval, 0, 0, "1", "1", "1",
            "1", volume, 1, true, "1", "1", "1"));
    }

    private static void assertDecimal(final long mantissa, final byte exponent, final long expectedMantissa,
        final int expectedExponent) {
        assertThat(mantissa).isEqualTo(expectedMantissa);
        assertThat(exponent).isEqualTo((byte)expectedExponent);
    }
}
