package io.binancedata.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.codec.Allocations;
import io.binancedata.codec.EventTimes;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.KlineEventEncoder;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.codec.RealData;
import io.binancedata.codec.Sbe;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.KlineInterval;
import io.binancedata.sbe.Source;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.binancedata.pipeline.TradeFrameDecoderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KlineFrameDecoderTest {
    /** The documented kline of EventMapperTest. */
    static final String KLINE = "{\"e\":\"kline\",\"E\":1617566640068,\"s\":\"BTCUSDT\",\"k\":{\"t\":1617566580000,"
        + "\"T\":1617566639999,\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":745522651,\"L\":745523670,\"o\":\"57994.60000000\","
        + "\"c\":\"57999.99000000\",\"h\":\"58018.03000000\",\"l\":\"57974.41000000\",\"v\":\"23.06712200\",\"n\":1020,"
        + "\"x\":true,\"q\":\"1337913.58654308\",\"V\":\"11.41334700\",\"Q\":\"661954.86510045\",\"B\":\"0\"}}";
    private static final int OFFSET = 5;
    /** Every recorded kline_1m update: spot (Binance, Binance US) and USD-M futures. */
    private static final List<String> KLINE_FILES = List.of(RealData.KLINES_2021, "cryptofeed/BINANCE.ws.1.0.gz",
        "cryptofeed/BINANCE_US.ws.1.0.gz", "cryptofeed/BINANCE_FUTURES.ws.1.0.gz",
        "cryptofeed/BINANCE_FUTURES.ws.5.0.gz");

    private final ObjectMapper mapper = EventMapper.create();
    private final KlineFrameDecoder decoder = new KlineFrameDecoder("BTCUSDT", "1m");
    private final UnsafeBuffer buffer = Sbe.randomBuffer(OFFSET + KlineFrameDecoder.MAX_ENCODED_LENGTH, 2);

    @Test
    void shouldDecodeEveryFieldOfDocumentedKline() {
        final int length = decode(decoder, KLINE, 1617566640100123L, OFFSET);

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
        assertThat(kline.source()).isEqualTo(Source.LIVE);
        assertThat(kline.symbol()).isEqualTo("BTCUSDT");
        assertThat(kline.limit()).isEqualTo(OFFSET + length);
        assertThat(decoder.eventTimeMicros()).isEqualTo(1617566640068000L);
        assertThat(decoder.exchangeTimeMicros()).isEqualTo(1617566640068000L);
        assertThat(decoder.openTimeMicros()).isEqualTo(1617566580000000L);
        assertThat(decoder.closed()).isTrue();
    }

    @Test
    void shouldWriteABackfilledKlineWithSourceBackfillAndNoEventTime() {
        final char[] chars = KLINE.toCharArray();

        final int length = decoder.decode(chars, 0, chars.length, 1617566640100123L, Source.BACKFILL, buffer, OFFSET);

        assertThat(length).isEqualTo(8 + KlineEncoder.BLOCK_LENGTH + 2 + 7);
        final KlineDecoder kline = Sbe.klineDecoder(buffer, OFFSET);
        assertThat(kline.eventTime()).isEqualTo(KlineDecoder.eventTimeNullValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(kline.openTime()).isEqualTo(1617566580000000L);
        assertThat(kline.closeTime()).isEqualTo(1617566639999000L);
        assertThat(kline.receiveTime()).isEqualTo(1617566640100123L);
        assertThat(kline.firstTradeId()).isEqualTo(745522651L);
        assertThat(kline.lastTradeId()).isEqualTo(745523670L);
        assertThat(kline.tradeCount()).isEqualTo(1020L);
        assertDecimal(kline.close().mantissa(), kline.close().exponent(), 5799999L, -2);
        assertThat(kline.closed()).isEqualTo(BooleanType.TRUE);
        assertThat(kline.source()).isEqualTo(Source.BACKFILL);
        assertThat(kline.symbol()).isEqualTo("BTCUSDT");
        assertThat(kline.limit()).isEqualTo(OFFSET + length);
        assertThat(decoder.eventTimeMicros()).isEqualTo(EventTimes.NULL);
        assertThat(decoder.exchangeTimeMicros()).as("dated by the moment the candle closed")
            .isEqualTo(1617566640000000L);
        assertThat(decoder.openTimeMicros()).isEqualTo(1617566580000000L);
    }

    @Test
    void shouldReadRealOpenKlineWithoutTradesMarker() {
        final KlineFrameDecoder eth = new KlineFrameDecoder("ETHUSDT", "1m");
        assertThat(eth.closed()).isFalse();
        assertThat(eth.eventTimeMicros()).isEqualTo(Long.MIN_VALUE);
        assertThat(eth.openTimeMicros()).isEqualTo(Long.MIN_VALUE);
        decode(decoder, KLINE, 0, 0);
        assertThat(decoder.closed()).isTrue();

        decode(eth, RealData.klines(RealData.KLINES_2021).get(0), 9, 0);

        final KlineDecoder kline = Sbe.klineDecoder(buffer, 0);
        assertThat(kline.eventTime()).isEqualTo(1617566591776000L).isEqualTo(eth.eventTimeMicros());
        assertThat(kline.symbol()).isEqualTo("ETHUSDT");
        assertThat(kline.openTime()).isEqualTo(1617566580000000L).isEqualTo(eth.openTimeMicros());
        assertThat(kline.closeTime()).isEqualTo(1617566639999000L);
        assertThat(kline.interval()).isEqualTo(KlineInterval.MINUTE_1);
        assertThat(kline.firstTradeId()).isEqualTo(346711017L);
        assertThat(kline.lastTradeId()).isEqualTo(346711087L);
        Sbe.assertDecimal(kline.open(), "2063.88000000");
        Sbe.assertDecimal(kline.close(), "2064.73000000");
        Sbe.assertDecimal(kline.high(), "2065.00000000");
        Sbe.assertDecimal(kline.low(), "2063.88000000");
        Sbe.assertDecimal(kline.volume(), "70.86425000");
        assertThat(kline.tradeCount()).isEqualTo(71);
        assertThat(kline.closed()).isEqualTo(BooleanType.FALSE);
        assertThat(eth.closed()).isFalse();
        Sbe.assertDecimal(kline.quoteVolume(), "146321.71560700");
        Sbe.assertDecimal(kline.takerBuyVolume(), "46.98201000");
        Sbe.assertDecimal(kline.takerBuyQuoteVolume(), "97009.77617410");

        final ObjectNode noTrade = kline();
        ((ObjectNode)noTrade.get("k")).put("f", -1).put("L", -1).put("n", 0).put("x", false);
        decode(decoder, noTrade.toString(), 0, 0);
        assertThat(Sbe.klineDecoder(buffer, 0).firstTradeId()).isEqualTo(-1);
        assertThat(Sbe.klineDecoder(buffer, 0).lastTradeId()).isEqualTo(-1);
        assertThat(Sbe.klineDecoder(buffer, 0).tradeCount()).isZero();
        assertThat(decoder.closed()).isFalse();
    }

    @Test
    void shouldDecodeEveryRealKlineOfARecordingExactly() throws Exception {
        final List<String> frames = RealData.klines(RealData.KLINES_2021);
        assertThat(frames).hasSize(118);
        final Map<String, KlineFrameDecoder> streams = new HashMap<>();

        for (final String frame : frames) {
            final KlineEvent event = mapper.readValue(frame, KlineEvent.class);
            final KlineEvent.Kline k = event.kline();
            final KlineFrameDecoder stream =
                streams.computeIfAbsent(event.symbol(), s -> new KlineFrameDecoder(s, "1m"));
            final int length = decode(stream, frame, 42, OFFSET);

            final KlineDecoder kline = Sbe.klineDecoder(buffer, OFFSET);
            assertThat(kline.eventTime()).isEqualTo(event.eventTimeMillis() * 1000).isEqualTo(stream.eventTimeMicros());
            assertThat(kline.openTime()).isEqualTo(k.openTimeMillis() * 1000).isEqualTo(stream.openTimeMicros());
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
            assertThat(stream.closed()).isEqualTo(k.closed());
            assertThat(kline.symbol()).isEqualTo(event.symbol()).isIn("BTCUSDT", "ETHUSDT", "DOTUSDT");
            assertThat(kline.limit()).isEqualTo(OFFSET + length);
        }
        assertThat(streams).hasSize(3);
    }

    @Test
    void shouldWriteExactlyTheBytesOfTheJacksonPathForEveryRecordedKline() throws Exception {
        final KlineEventEncoder oldEncoder = new KlineEventEncoder();
        final UnsafeBuffer expected = Sbe.randomBuffer(KlineEventEncoder.MAX_ENCODED_LENGTH, 4);
        final Map<String, KlineFrameDecoder> streams = new HashMap<>();
        int compared = 0;

        for (final String file : KLINE_FILES) {
            for (final String frame : RealData.klines(file)) {
                final KlineEvent event = mapper.readValue(frame, KlineEvent.class);
                final KlineFrameDecoder stream = streams.computeIfAbsent(event.symbol(),
                    s -> new KlineFrameDecoder(s, event.kline().interval()));
                final long receive = 1_617_566_640_000_000L + compared;
                final int oldLength = oldEncoder.encode(event, receive, expected, 0);

                final int length = decode(stream, frame, receive, OFFSET);

                assertThat(length).isEqualTo(oldLength);
                assertThat(bytes(buffer, OFFSET, length)).as(frame).isEqualTo(bytes(expected, 0, oldLength));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(118 + 2 + 5 + 67 + 99);
        assertThat(streams).hasSize(3 + 2 + 1 + 4 + 4);
    }

    @Test
    void shouldAcceptExactlyWhatTheJacksonPathAcceptsAmongMutatedRealFrames() {
        final List<String> seeds = RealData.klines(RealData.KLINES_2021).stream()
            .filter(f -> f.contains("\"ETHUSDT\"")).toList();
        final KlineFrameDecoder eth = new KlineFrameDecoder("ETHUSDT", "1m");
        final FrameMutator mutator = new FrameMutator(2);
        final KlineEventEncoder oldEncoder = new KlineEventEncoder();
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[KlineEventEncoder.MAX_ENCODED_LENGTH]);
        int accepted = 0;

        for (int i = 0; i < 10_000; i++) {
            final String frame = mutator.mutate(seeds.get(i % seeds.size()));
            int oldLength = -1;
            try {
                final KlineEvent event = mapper.readValue(frame, KlineEvent.class);
                final KlineEvent.Kline k = event == null ? null : event.kline();
                if (event != null && event.symbol().equals("ETHUSDT") && k.interval().equals("1m")
                    && JacksonReference.isItsBucketWithTradeIdsThatAgree(k) && JacksonReference.nonNegative(k.open(),
                    k.high(), k.low(), k.close(), k.volume(), k.quoteVolume(), k.takerBuyVolume(),
                    k.takerBuyQuoteVolume())) {
                    oldLength = oldEncoder.encode(event, 7, expected, 0);
                }
            } catch (final Exception rejected) {
                // the Jackson path rejects the frame: so must the decoder
            }
            int length = -1;
            try {
                length = decode(eth, frame, 7, 0);
            } catch (final InvalidFrameException rejected) {
                // only this exception: anything else fails the test
            }

            assertThat(length >= 0).as("accepted: %s", frame).isEqualTo(oldLength >= 0);
            if (length >= 0) {
                assertThat(bytes(buffer, 0, length)).as(frame).isEqualTo(bytes(expected, 0, oldLength));
                accepted++;
            }
        }
        assertThat(accepted).as("a fair share of mutants still valid").isBetween(500, 2_500);
    }

    @Test
    void shouldNotAllocateWhenDecoding() {
        final KlineFrameDecoder eth = new KlineFrameDecoder("ETHUSDT", "1m");
        final char[][] frames = RealData.klines(RealData.KLINES_2021).stream().filter(f -> f.contains("\"ETHUSDT\""))
            .map(String::toCharArray).toArray(char[][]::new);
        assertThat(frames.length).isGreaterThan(30);

        Allocations.assertNoAllocationPerCall(frames.length * 20, i -> {
            final char[] frame = frames[i % frames.length];
            return eth.decode(frame, 0, frame.length, i, i % 3 == 0 ? Source.BACKFILL : Source.LIVE, buffer, 0)
                + eth.openTimeMicros();
        });
    }

    @ParameterizedTest
    @EnumSource(value = KlineInterval.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void shouldDecodeEveryInterval(final KlineInterval interval) {
        final String code = KlineIntervals.code(interval);
        final long open = KlineIntervals.openTime(interval, 1617566580000L);
        final String frame = KLINE.replace("\"1m\"", "\"" + code + "\"").replace("1617566580000", Long.toString(open))
            .replace("1617566639999", Long.toString(KlineIntervals.closeTime(interval, open)));

        decode(new KlineFrameDecoder("BTCUSDT", code), frame, 0, OFFSET);

        assertThat(Sbe.klineDecoder(buffer, OFFSET).interval()).isEqualTo(interval);
    }

    @Test
    void shouldDecodeEmptyBucketHugeVolumeAndNonAsciiSymbol() {
        final String frame = "{\"e\":\"kline\",\"E\":1000,\"s\":\"币安人生USDT\",\"k\":{\"t\":0,\"T\":999,"
            + "\"s\":\"币安人生USDT\","
            + "\"i\":\"1s\",\"f\":-1,\"L\":-1,\"o\":\"0.5\",\"c\":\"0.5\",\"h\":\"0.5\",\"l\":\"0.5\","
            + "\"v\":\"12345678901234.00000000\",\"n\":0,\"x\":false,\"q\":\"0.00000000\",\"V\":\"0\",\"Q\":\"0\"}}";

        decode(new KlineFrameDecoder("币安人生USDT", "1s"), frame, 0, 0);

        final KlineDecoder kline = Sbe.klineDecoder(buffer, 0);
        assertThat(kline.firstTradeId()).isEqualTo(-1);
        assertThat(kline.lastTradeId()).isEqualTo(-1);
        assertThat(kline.tradeCount()).isZero();
        assertDecimal(kline.volume().mantissa(), kline.volume().exponent(), 12345678901234L, 0);
        assertDecimal(kline.quoteVolume().mantissa(), kline.quoteVolume().exponent(), 0, 0);
        assertThat(kline.closed()).isEqualTo(BooleanType.FALSE);
        assertThat(kline.interval()).isEqualTo(KlineInterval.SECOND_1);
        assertThat(kline.symbol()).isEqualTo("币安人生USDT");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "k.i | \"1H\"                         | unknown interval, valid (case-sensitive): 1s 1m 3m 5m 15m 30m 1h 2h 4h "
            + "6h 8h 12h 1d 3d 1w 1M",
        "k.i | \"1min\"                       | unknown interval, valid (case-sensitive): 1s 1m 3m 5m 15m 30m 1h 2h "
            + "4h 6h 8h 12h 1d 3d 1w 1M",
        "k.i | \"5m\"                         | frame for interval 5m on stream of 1m",
        "k.i | \"1M\"                         | frame for interval 1M on stream of 1m",
        "k.v | \"92233720368547758.08000000\" | does not fit an int64 mantissa",
        "k.o | \"-\"                          | negative (Binance's prices, quantities and volumes are not)",
        "k.v | \"-1.5\"                       | negative (Binance's prices, quantities and volumes are not)",
        "k.Q | \"1.0.0\"                      | not a plain decimal of the form [-]digits[.digits]",
        "k.t | -5                             | time outside [0, 9223372036854775] ms",
        "k.T | 9223372036854776               | time outside [0, 9223372036854775] ms",
        "E   | -1                             | time outside [0, 9223372036854775] ms",
        "k.f | -2                             | must be at least -1",
        "k.L | -9223372036854775808           | must be at least -1",
        "k.n | -1                             | must be at least 0",
        "k.n | 9223372036854775808            | outside the int64 range",
    })
    void shouldRejectValuesTheSchemaCannotHold(final String field, final String value, final String reason) {
        final String frame = replace(KLINE, field, value);

        assertRejected(frame, "invalid field '" + field + "' = " + value + ": " + reason, field,
            offsetOf(frame, field, value));
        assertThat(decode(decoder, KLINE, 0, 0)).as("decoder still usable after a failure")
            .isEqualTo(8 + KlineEncoder.BLOCK_LENGTH + 2 + 7);
        assertThat(Sbe.klineDecoder(buffer, 0).tradeCount()).isEqualTo(1020);
    }

    /**
     * The guard orders candles and finds missed ones by their bucket, and a fill numbers trades on from {@code k.L}: a
     * candle that is not its bucket, or whose trade ids disagree, would hide a gap, write a candle twice or misnumber
     * the backfill.
     */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "k.t | 1617566580123 | not the open time of a 1m candle",
        "k.T | 1617567239999 | the 1m candle opening at 1617566580000 closes at 1617566639999",
        "k.T | 1617566579999 | the 1m candle opening at 1617566580000 closes at 1617566639999",
        "k.L | -1            | must be -1 when k.f is (no trade), else at least k.f = 745522651",
        "k.L | 745522650     | must be -1 when k.f is (no trade), else at least k.f = 745522651",
        "k.n | 0             | a candle with trades (k.f 745522651 to k.L 745523670) counts at least 1",
    })
    void shouldRejectACandleThatIsNotItsBucketOrWhoseTradeIdsDisagree(final String field, final String value,
        final String reason) {
        final String frame = replace(KLINE, field, value);

        assertRejected(frame, "invalid field '" + field + "' = " + value + ": " + reason, field,
            offsetOf(frame, field, value));
    }

    @Test
    void shouldRejectACandleWithoutTradeIdsThatCountsTrades() {
        final String noIds = replace(replace(KLINE, "k.f", "-1"), "k.L", "-1");
        assertRejected(noIds, "invalid field 'k.n' = 1020: a candle without trades (k.f and k.L -1) counts 0", "k.n",
            offsetOf(noIds, "k.n", "1020"));
        final String noFirst = replace(KLINE, "k.f", "-1");
        assertRejected(noFirst, "invalid field 'k.L' = 745523670: must be -1 when k.f is (no trade), else at least "
            + "k.f = -1", "k.L", offsetOf(noFirst, "k.L", "745523670"));
    }

    @Test
    void shouldRejectInconsistentOrMissingParts() {
        final String otherKlineSymbol = replace(KLINE, "k.s", "\"ETHUSDT\"");
        assertRejected(otherKlineSymbol, "invalid field 'k.s' = \"ETHUSDT\": differs from s \"BTCUSDT\"", "k.s",
            offsetOf(otherKlineSymbol, "k.s", "\"ETHUSDT\""));
        assertRejected(KLINE.replace("BTCUSDT", "ETHUSDT"), "frame for symbol ETHUSDT on stream of BTCUSDT", "s", 35);
        final String klineFirst = "{\"k\":" + KLINE.substring(KLINE.indexOf("{\"t\"")).replace("BTCUSDT", "ETHUSDT")
            .replace("}}", "}") + ",\"s\":\"BTCUSDT\",\"e\":\"kline\",\"E\":1617566640068}";
        assertRejected(klineFirst, "invalid field 'k.s' = \"ETHUSDT\": differs from s \"BTCUSDT\"", "k.s",
            offsetOf(klineFirst, "k.s", "\"ETHUSDT\""));
        assertRejected("{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\",\"k\":null}", "field 'k' is null", "k", 37);
        assertRejected("{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\",\"k\":{}}", "missing field 'k.t'", "k.t", -1);
        assertRejected("{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\"}", "missing field 'k'", "k", -1);
        assertThatThrownBy(() -> new KlineFrameDecoder("BTCUSDT", "1H")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("unknown kline interval '1H'");
        assertThatThrownBy(() -> new KlineFrameDecoder("", "1m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptMembersInAnyOrderWithWhitespaceEscapesAndUnknownFields() {
        assertSameAsKline("{\"k\":" + KLINE.substring(KLINE.indexOf("{\"t\"")).replace("}}", "}")
            + ",\"s\":\"BTCUSDT\",\"e\":\"kline\",\"E\":1617566640068}");
        assertSameAsKline(KLINE.replace(",", " ,\n ").replace(":", "\t: ").replace("{", "{ ").replace("}", " } "));
        assertSameAsKline(KLINE.replace("\"1m\"", "\"\\u0031m\"").replace("\"k\":{\"t\"", "\"\\u006b\":{\"\\u0074\"")
            .replace("\"57994.60000000\"", "\"5799\\u0034.60000000\""));
        assertSameAsKline(KLINE.replace("\"B\":\"0\"}", "\"B\":\"0\",\"T2\":{\"k\":[{\"s\":null}]},\"ignore\":-1.5E-3}")
            .replace("\"e\":", "\"T\":[],\"x\":\"?\",\"e\":"));
    }

    @Test
    void shouldRejectDuplicateKeysInsideK() {
        final String frame = KLINE.replace("\"B\":\"0\"", "\"o\":\"1\"");

        assertRejected(frame, "duplicate field 'k.o' at offset " + frame.lastIndexOf("\"o\""), "k.o",
            frame.lastIndexOf("\"o\""));
        assertRejected(KLINE.replace("}}", "},\"k\":{}}"), "duplicate field 'k' at offset " + KLINE.length(), "k",
            KLINE.length());
        assertThatThrownBy(() -> decode(decoder, KLINE.replace("\"B\":\"0\"", "\"B\":\"0\",\"B\":1"), 0, 0))
            .isInstanceOf(InvalidFrameException.class).hasMessageStartingWith("duplicate field 'k.B' at offset ");
    }

    // --- EventMapperTest's acceptance cases

    @ParameterizedTest(name = "kline without {0}")
    @ValueSource(strings = {"e", "E", "s", "k", "k.t", "k.T", "k.s", "k.i", "k.f", "k.L", "k.o", "k.c", "k.h",
        "k.l", "k.v", "k.n", "k.x", "k.q", "k.V", "k.Q"})
    void shouldRejectKlineWithMissingField(final String field) {
        final ObjectNode json = kline();
        target(json, field).remove(leaf(field));

        assertRejected(json.toString(), "missing field '" + field + "'", field, -1);
    }

    @ParameterizedTest(name = "kline with null {0}")
    @ValueSource(strings = {"e", "E", "s", "k", "k.t", "k.T", "k.s", "k.i", "k.f", "k.L", "k.o", "k.c", "k.h",
        "k.l", "k.v", "k.n", "k.x", "k.q", "k.V", "k.Q"})
    void shouldRejectKlineWithNullField(final String field) {
        final ObjectNode json = kline();
        target(json, field).putNull(leaf(field));
        final String frame = json.toString();

        assertRejected(frame, "field '" + field + "' is null", field, offsetOf(frame, field, "null"));
    }

    @ParameterizedTest(name = "kline with {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "k.n | \"1020\"    | expected a JSON integer",
        "k.n | 1020.5      | expected a JSON integer",
        "k.f | \"-1\"      | expected a JSON integer",
        "k.x | 1           | expected a JSON boolean",
        "k.x | \"false\"   | expected a JSON boolean",
        "k.v | 23.067122   | expected a JSON string",
        "k.i | 1           | expected a JSON string",
        "k.s | \"ETHUSDT\" | differs from s \"BTCUSDT\"",
        "k   | \"{}\"      | expected a JSON object",
        "k   | []          | expected a JSON object",
        "e   | \"trade\"   | expected event type 'kline'",
    })
    void shouldRejectKlineWithWrongType(final String field, final String rawValue, final String reason)
        throws Exception {
        final ObjectNode json = kline();
        final JsonNode value = mapper.readTree(rawValue);
        target(json, field).set(leaf(field), value);
        final String frame = json.toString();

        assertRejected(frame, "invalid field '" + field + "' = " + value + ": " + reason, field,
            offsetOf(frame, field, value.toString()));
    }

    private void assertSameAsKline(final String frame) {
        final UnsafeBuffer expected = Sbe.randomBuffer(KlineFrameDecoder.MAX_ENCODED_LENGTH, 6);
        final KlineFrameDecoder fresh = new KlineFrameDecoder("BTCUSDT", "1m");
        final char[] chars = KLINE.toCharArray();
        final int expectedLength = fresh.decode(chars, 0, chars.length, 11, expected, 0);

        final int length = decode(decoder, frame, 11, 0);

        assertThat(length).isEqualTo(expectedLength);
        assertThat(bytes(buffer, 0, length)).as(frame).isEqualTo(bytes(expected, 0, expectedLength));
    }

    private void assertRejected(final String frame, final String reason, final String field, final int offset) {
        assertThatThrownBy(() -> decode(decoder, frame, 0, 0))
            .as(frame)
            .isInstanceOf(InvalidFrameException.class)
            .hasMessage(reason)
            .satisfies(e -> assertThat(((InvalidFrameException)e).field()).isEqualTo(field))
            .satisfies(e -> assertThat(((InvalidFrameException)e).offset()).isEqualTo(offset));
    }

    private int decode(final KlineFrameDecoder decoder, final String frame, final long receiveTime, final int offset) {
        final char[] chars = frame.toCharArray();
        return decoder.decode(chars, 0, chars.length, receiveTime, buffer, offset);
    }

    /** {@code frame} with the value of {@code field} ({@code k.x} for k's x) replaced by {@code value}. */
    private static String replace(final String frame, final String field, final String value) {
        final int from = field.startsWith("k.") ? frame.indexOf("\"k\":{") : 0;
        final String key = "\"" + leaf(field) + "\":";
        final int at = frame.indexOf(key, from) + key.length();
        int end = at;
        if (frame.charAt(at) == '"') {
            end = frame.indexOf('"', at + 1) + 1;
        } else {
            while (",}".indexOf(frame.charAt(end)) < 0) {
                end++;
            }
        }
        return frame.substring(0, at) + value + frame.substring(end);
    }

    /** Offset of {@code field}'s value in {@code frame}, which must be {@code value}. */
    private static int offsetOf(final String frame, final String field, final String value) {
        final int from = field.startsWith("k.") ? frame.indexOf("\"k\":") : 0;
        final String member = "\"" + leaf(field) + "\":" + value;
        final int at = frame.indexOf(member, from);
        assertThat(at).as(member + " in " + frame).isNotNegative();
        return at + member.length() - value.length();
    }

    private static void assertDecimal(final long mantissa, final byte exponent, final long expectedMantissa,
        final int expectedExponent) {
        assertThat(mantissa).isEqualTo(expectedMantissa);
        assertThat(exponent).isEqualTo((byte)expectedExponent);
    }

    private ObjectNode kline() {
        try {
            return (ObjectNode)mapper.readTree(KLINE);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode target(final ObjectNode root, final String path) {
        return path.startsWith("k.") ? (ObjectNode)root.get("k") : root;
    }

    private static String leaf(final String path) {
        return path.startsWith("k.") ? path.substring(2) : path;
    }
}
