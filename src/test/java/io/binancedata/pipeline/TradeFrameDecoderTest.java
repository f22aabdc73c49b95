package io.binancedata.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.codec.Allocations;
import io.binancedata.codec.EventTimes;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.RealData;
import io.binancedata.codec.Sbe;
import io.binancedata.codec.TradeEvent;
import io.binancedata.codec.TradeEventEncoder;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradeFrameDecoderTest {
    /** The first BTCUSDT trade of 2024-08-08 (RealData.BTC_TRADES_2024), as in EventMapperTest. */
    static final String TRADE = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
        + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
    private static final long RECEIVE_MICROS = 1723161254087896L;
    private static final int OFFSET = 13;
    /** Every recorded trade: spot BTCUSDT 2024 (two days) and 2023, spot ETHUSDT 2024, USD-M futures BTC and ETH. */
    private static final List<String> TRADE_FILES = List.of(RealData.BTC_TRADES_2024,
        RealData.BTC_TRADES_2024_NEXT_DAY, RealData.BTC_TRADES_2023, RealData.ETH_TRADES_2024,
        "hftbacktest/spot_ethusdt_20240809.gz", "hftbacktest/usdm_btcusdt_20240808.gz",
        "hftbacktest/usdm_ethusdt_20240808.gz");

    private final ObjectMapper mapper = EventMapper.create();
    private final TradeFrameDecoder decoder = new TradeFrameDecoder("BTCUSDT");
    private final UnsafeBuffer buffer = Sbe.randomBuffer(OFFSET + TradeFrameDecoder.MAX_ENCODED_LENGTH, 1);

    @Test
    void shouldDecodeEveryFieldOfRealTrade() {
        final String frame = RealData.trades(RealData.BTC_TRADES_2024).get(0);
        assertThat(frame).isEqualTo(TRADE);

        final int length = decode(decoder, frame, RECEIVE_MICROS, buffer, OFFSET);

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
        assertThat(trade.source()).isEqualTo(Source.LIVE);
        assertThat(trade.symbol()).isEqualTo("BTCUSDT");
        assertThat(trade.limit()).isEqualTo(OFFSET + length);
        assertThat(decoder.eventTimeMicros()).isEqualTo(1723161255343000L);
        assertThat(decoder.exchangeTimeMicros()).as("a live trade is dated by its event time")
            .isEqualTo(1723161255343000L);
        assertThat(decoder.tradeId()).isEqualTo(3735683259L);
    }

    @Test
    void shouldWriteABackfilledTradeWithSourceBackfillAndNoEventTime() {
        final char[] chars = TRADE.toCharArray();

        final int length = decoder.decode(chars, 0, chars.length, RECEIVE_MICROS, Source.BACKFILL, buffer, OFFSET);

        assertThat(length).isEqualTo(MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH + 2 + 7);
        final TradeDecoder trade = Sbe.tradeDecoder(buffer, OFFSET);
        assertThat(trade.eventTime()).isEqualTo(TradeDecoder.eventTimeNullValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(trade.tradeTime()).isEqualTo(1723161255342000L);
        assertThat(trade.receiveTime()).isEqualTo(RECEIVE_MICROS);
        assertThat(trade.tradeId()).isEqualTo(3735683259L);
        assertThat(trade.price().mantissa()).isEqualTo(6183763L);
        assertThat(trade.quantity().mantissa()).isEqualTo(2L);
        assertThat(trade.buyerIsMaker()).isEqualTo(BooleanType.TRUE);
        assertThat(trade.source()).isEqualTo(Source.BACKFILL);
        assertThat(trade.symbol()).isEqualTo("BTCUSDT");
        assertThat(trade.limit()).isEqualTo(OFFSET + length);
        assertThat(decoder.eventTimeMicros()).isEqualTo(EventTimes.NULL);
        assertThat(decoder.exchangeTimeMicros()).as("dated by its trade time").isEqualTo(1723161255342000L);

        decode(decoder, TRADE, RECEIVE_MICROS, buffer, OFFSET);
        assertThat(Sbe.tradeDecoder(buffer, OFFSET).source()).as("the next live frame").isEqualTo(Source.LIVE);
        assertThat(Sbe.tradeDecoder(buffer, OFFSET).eventTime()).isEqualTo(1723161255343000L);
    }

    @Test
    void shouldDecodeTradeOf2023ShapeWithOrderIds() {
        final List<String> frames = RealData.trades(RealData.BTC_TRADES_2023);
        assertThat(frames.get(0)).contains("\"b\":20720542158,\"a\":20720542592");
        assertThat(frames.get(1)).contains("\"b\":20720542158");

        decode(decoder, frames.get(0), 7, buffer, 0);
        TradeDecoder trade = Sbe.tradeDecoder(buffer, 0);
        assertThat(trade.eventTime()).isEqualTo(1680652800000000L);
        assertThat(trade.tradeTime()).isEqualTo(1680652799999000L);
        assertThat(trade.tradeId()).isEqualTo(3071245454L);
        Sbe.assertDecimal(trade.price(), "28165.47");
        Sbe.assertDecimal(trade.quantity(), "0.00056");
        assertThat(trade.buyerIsMaker()).isEqualTo(BooleanType.TRUE);

        final int length = decode(decoder, frames.get(1), 7, buffer, 0);
        trade = Sbe.tradeDecoder(buffer, 0);
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
    void shouldDecodeNonAsciiSymbolAndHugeQuantity() {
        final TradeFrameDecoder nonAscii = new TradeFrameDecoder("币安人生USDT");
        final String frame = "{\"e\":\"trade\",\"E\":1,\"s\":\"币安人生USDT\",\"t\":0,\"p\":\"0.00000001\","
            + "\"q\":\"12345678901234.00000000\",\"T\":2,\"m\":false}";

        final int length = decode(nonAscii, frame, 0, buffer, OFFSET);

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

        final String escaped = frame.replace("币安人生", "\\u5e01\\u5B89\\u4eba\\u751f");
        final UnsafeBuffer other = Sbe.randomBuffer(OFFSET + TradeFrameDecoder.MAX_ENCODED_LENGTH, 9);
        assertThat(decode(nonAscii, escaped, 0, other, OFFSET)).isEqualTo(length);
        assertThat(bytes(other, OFFSET, length)).as("symbol written with \\u escapes").isEqualTo(
            bytes(buffer, OFFSET, length));
    }

    @Test
    void shouldDecodeSymbolOutsideTheBasicPlaneRawOrAsSurrogatePairEscapes() {
        final TradeFrameDecoder emoji = new TradeFrameDecoder("\uD83D\uDE80USDT");
        final String frame = TRADE.replace("BTCUSDT", "\uD83D\uDE80USDT");

        decode(emoji, frame, 0, buffer, 0);
        assertThat(Sbe.tradeDecoder(buffer, 0).symbol()).isEqualTo("🚀USDT");
        decode(emoji, frame.replace("\uD83D\uDE80", "\\uD83D\\ude80"), 0, buffer, 0);
        assertThat(Sbe.tradeDecoder(buffer, 0).symbol()).isEqualTo("🚀USDT");
        assertThatThrownBy(() -> decode(emoji, frame.replace("\uD83D\uDE80", "\\uD83D"), 0, buffer, 0))
            .isInstanceOf(InvalidFrameException.class).hasMessage("frame for symbol \uD83DUSDT on stream of 🚀USDT");
    }

    @Test
    void shouldDecodeEveryRealBtcTradeOfTwoDaysExactly() throws Exception {
        final List<String> frames = btcTrades();
        assertThat(frames).hasSize(19_904);

        long previousTradeId = 3735683258L;
        for (final String frame : frames) {
            final TradeEvent event = mapper.readValue(frame, TradeEvent.class);
            final long receive = event.eventTimeMillis() * 1000 + 17;
            final int length = decode(decoder, frame, receive, buffer, OFFSET);

            final TradeDecoder trade = Sbe.tradeDecoder(buffer, OFFSET);
            assertThat(trade.eventTime()).isEqualTo(event.eventTimeMillis() * 1000).isEqualTo(decoder.eventTimeMicros());
            assertThat(trade.tradeTime()).isEqualTo(event.tradeTimeMillis() * 1000);
            assertThat(trade.receiveTime()).isEqualTo(receive);
            assertThat(trade.tradeId()).isEqualTo(event.tradeId()).isEqualTo(previousTradeId + 1)
                .isEqualTo(decoder.tradeId());
            Sbe.assertDecimal(trade.price(), event.price());
            Sbe.assertDecimal(trade.quantity(), event.quantity());
            assertThat(trade.buyerIsMaker()).isEqualTo(event.buyerIsMaker() ? BooleanType.TRUE : BooleanType.FALSE);
            assertThat(trade.symbol()).isEqualTo("BTCUSDT");
            assertThat(trade.limit()).isEqualTo(OFFSET + length);
            previousTradeId = trade.tradeId();
        }
        assertThat(previousTradeId).isEqualTo(3735703162L);
    }

    @Test
    void shouldWriteExactlyTheBytesOfTheJacksonPathForEveryRecordedTrade() throws Exception {
        final TradeEventEncoder oldEncoder = new TradeEventEncoder();
        final UnsafeBuffer expected = Sbe.randomBuffer(TradeEventEncoder.MAX_ENCODED_LENGTH, 4);
        final Map<String, TradeFrameDecoder> streams = new HashMap<>();
        int compared = 0;

        for (final String file : TRADE_FILES) {
            for (final String frame : RealData.trades(file)) {
                final TradeEvent event = mapper.readValue(frame, TradeEvent.class);
                final TradeFrameDecoder stream = streams.computeIfAbsent(event.symbol(), TradeFrameDecoder::new);
                final long receive = 1_723_161_255_000_000L + compared;
                final int oldLength = oldEncoder.encode(event, receive, expected, 0);

                final int length = decode(stream, frame, receive, buffer, OFFSET);

                assertThat(length).isEqualTo(oldLength);
                assertThat(bytes(buffer, OFFSET, length)).as(frame).isEqualTo(bytes(expected, 0, oldLength));
                compared++;
            }
        }
        assertThat(compared).as("spot BTC 2024, 2023, spot ETH, futures BTC, ETH")
            .isEqualTo(19_904 + 3_144 + 14_515 + 21_313 + 14_076);
        assertThat(streams).containsOnlyKeys("BTCUSDT", "ETHUSDT");
    }

    @Test
    void shouldAcceptExactlyWhatTheJacksonPathAcceptsAmongMutatedRealFrames() {
        final List<String> seeds = RealData.trades(RealData.BTC_TRADES_2023).subList(0, 50);
        final FrameMutator mutator = new FrameMutator(1);
        final TradeEventEncoder oldEncoder = new TradeEventEncoder();
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[TradeEventEncoder.MAX_ENCODED_LENGTH]);
        int accepted = 0;

        for (int i = 0; i < 10_000; i++) {
            final String frame = mutator.mutate(seeds.get(i % seeds.size()));
            int oldLength = -1;
            try {
                final TradeEvent event = mapper.readValue(frame, TradeEvent.class);
                if (event != null && event.symbol().equals("BTCUSDT")
                    && JacksonReference.nonNegative(event.price(), event.quantity())) {
                    oldLength = oldEncoder.encode(event, 7, expected, 0);
                }
            } catch (final Exception rejected) {
                // the Jackson path rejects the frame: so must the decoder
            }
            int length = -1;
            try {
                length = decode(decoder, frame, 7, buffer, 0);
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
    void shouldDecodeTheSameWhenOneDecoderAndBufferAreReusedAcrossRejectedFrames() {
        final List<String> frames = mixedFrames();
        final UnsafeBuffer reused = Sbe.randomBuffer(TradeFrameDecoder.MAX_ENCODED_LENGTH, 3);
        int rejected = 0;
        int decoded = 0;

        for (int i = 0; i < frames.size(); i++) {
            final String frame = frames.get(i);
            if (frame.contains("ETHUSDT")) {
                final long tradeIdBefore = decoder.tradeId();
                assertThatThrownBy(() -> decode(decoder, frame, 0, reused, 0))
                    .isInstanceOf(InvalidFrameException.class).hasMessageStartingWith("frame for symbol ETHUSDT");
                assertThat(decoder.tradeId()).as("unchanged by a failure").isEqualTo(tradeIdBefore);
                rejected++;
                continue;
            }
            final int length = decode(decoder, frame, i, reused, 0);

            final UnsafeBuffer fresh = new UnsafeBuffer(new byte[TradeFrameDecoder.MAX_ENCODED_LENGTH]);
            final int freshLength = decode(new TradeFrameDecoder("BTCUSDT"), frame, i, fresh, 0);
            assertThat(length).isEqualTo(freshLength);
            assertThat(bytes(reused, 0, length)).as("trade %d", i).isEqualTo(bytes(fresh, 0, freshLength));
            assertThat(Sbe.tradeDecoder(reused, 0).tradeId()).isEqualTo(decoder.tradeId());
            decoded++;
        }
        assertThat(rejected).isEqualTo(1500);
        assertThat(decoded).isEqualTo(frames.size() - 1500);
    }

    @Test
    void shouldNotAllocateWhenDecoding() {
        final char[][] frames = btcTrades().stream().limit(4_000).map(String::toCharArray).toArray(char[][]::new);

        Allocations.assertNoAllocationPerCall(frames.length, i -> decoder.decode(frames[i], 0, frames[i].length, i,
            i % 3 == 0 ? Source.BACKFILL : Source.LIVE, buffer, 0) + decoder.tradeId());
    }

    @Test
    void shouldDecodeAFrameInsideALargerArray() {
        final String frame = RealData.trades(RealData.BTC_TRADES_2023).get(0);
        final char[] chars = ("\"data\":" + frame + "}]").toCharArray();
        final UnsafeBuffer whole = Sbe.randomBuffer(TradeFrameDecoder.MAX_ENCODED_LENGTH, 5);

        final int length = decoder.decode(chars, 7, 7 + frame.length(), 3, buffer, 0);

        assertThat(decode(new TradeFrameDecoder("BTCUSDT"), frame, 3, whole, 0)).isEqualTo(length);
        assertThat(bytes(buffer, 0, length)).isEqualTo(bytes(whole, 0, length));
        assertThatThrownBy(() -> decoder.decode(chars, 7, 8 + frame.length(), 3, buffer, 0))
            .isInstanceOf(InvalidFrameException.class)
            .hasMessage("malformed JSON at offset " + frame.length()
                + ": expected the end of the frame after the object, found '}'")
            .satisfies(e -> assertThat(((InvalidFrameException)e).offset()).isEqualTo(frame.length()));
        assertThatThrownBy(() -> decoder.decode(chars, 7, chars.length + 1, 3, buffer, 0))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    // --- EventMapperTest's acceptance cases

    @Test
    void shouldReadTradeExactly() {
        decode(decoder, TRADE, 5, buffer, 0);

        final TradeDecoder trade = Sbe.tradeDecoder(buffer, 0);
        assertThat(trade.eventTime()).isEqualTo(1723161255343000L);
        assertThat(trade.symbol()).isEqualTo("BTCUSDT");
        assertThat(trade.tradeId()).isEqualTo(3735683259L);
        assertThat(Sbe.value(trade.price())).isEqualByComparingTo("61837.63000000");
        assertThat(Sbe.value(trade.quantity())).isEqualByComparingTo("0.02000000");
        assertThat(trade.tradeTime()).isEqualTo(1723161255342000L);
        assertThat(trade.buyerIsMaker()).isEqualTo(BooleanType.TRUE);
        assertThat(trade.receiveTime()).isEqualTo(5);
    }

    @ParameterizedTest(name = "trade without {0}")
    @ValueSource(strings = {"e", "E", "s", "t", "p", "q", "T", "m"})
    void shouldRejectTradeWithMissingField(final String field) {
        final ObjectNode json = trade();
        json.remove(field);

        assertRejected(json.toString(), "missing field '" + field + "'", field, -1);
    }

    @ParameterizedTest(name = "trade with null {0}")
    @ValueSource(strings = {"e", "E", "s", "t", "p", "q", "T", "m"})
    void shouldRejectTradeWithNullField(final String field) {
        final ObjectNode json = trade();
        json.putNull(field);
        final String frame = json.toString();

        assertRejected(frame, "field '" + field + "' is null", field, frame.indexOf("\"" + field + "\":null") + 4);
    }

    @ParameterizedTest(name = "trade with {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "t | \"3735683259\"          | expected a JSON integer",
        "t | 3735683259.0            | expected a JSON integer",
        "t | 1.5                     | expected a JSON integer",
        "t | 99999999999999999999    | outside the int64 range",
        "t | true                    | expected a JSON integer",
        "t | [3735683259]            | expected a JSON integer",
        "E | \"1723161255343\"       | expected a JSON integer",
        "E | 1.723161255343E12       | expected a JSON integer",
        "T | \"\"                    | expected a JSON integer",
        "m | 1                       | expected a JSON boolean",
        "m | 0                       | expected a JSON boolean",
        "m | \"true\"                | expected a JSON boolean",
        "m | [true]                  | expected a JSON boolean",
        "p | 61837.63                | expected a JSON string",
        "p | 61837                   | expected a JSON string",
        "p | true                    | expected a JSON string",
        "p | [\"61837.63\"]          | expected a JSON string",
        "p | {}                      | expected a JSON string",
        "q | 2E-2                    | expected a JSON string",
        "s | 42                      | expected a JSON string",
        "e | \"kline\"               | expected event type 'trade'",
        "e | \"TRADE\"               | expected event type 'trade'",
        "s | \"\"                    | empty",
    })
    void shouldRejectTradeWithWrongType(final String field, final String rawValue, final String reason) {
        final String frame = TRADE.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)",
            "\"" + field + "\":" + rawValue.replace("$", "\\$"));
        assertThat(frame).contains("\"" + field + "\":" + rawValue);

        assertRejected(frame, "invalid field '" + field + "' = " + rawValue + ": " + reason, field,
            frame.indexOf("\"" + field + "\":" + rawValue) + 4);
    }

    @Test
    void shouldIgnoreUnknownFields() {
        final ObjectNode json = trade();
        json.put("X", "MARKET").put("b", 20720542158L).putObject("future").put("z", 1);

        assertSameAsTrade(json.toString());
    }

    @Test
    void shouldSkipUnknownValuesOfEveryJsonType() {
        final String frame = TRADE.replace("\"M\":true", "\"M\":true,\"x1\":\"a\\\"b\\\\c\\u00e9\\/\\b\\f\\n\\r\\t}]\","
            + "\"x2\":-0.5e+10,\"x3\":[1,[2,{\"a\":null,\"b\":[]}],{},\"]\"],\"x4\":{\"y\":{\"z\":[true,false,null]}},"
            + "\"x5\":\"\",\"x6\":0,\"x7\":[],\"x8\":1E400,\"x9\":-0,\"é\":{},\"\":1,\"M2\":123456789012345678901234567890,"
            + "\"x10\":\"币安人生\",\"x11\":[" + "[".repeat(997) + "]".repeat(997) + "]");

        assertSameAsTrade(frame);
    }

    @Test
    void shouldAcceptWhitespaceBetweenTokensAndEscapesInValuesAndKeys() {
        assertSameAsTrade(" \r\n\t{ \"e\" :\t\"trade\" ,\n\"E\" : 1723161255343 , \"s\":\"BTCUSDT\",\"t\":3735683259 ,"
            + "\"p\" : \"61837.63000000\" , \"q\":\"0.02000000\", \"T\":1723161255342, \"m\" : true , \"M\":true }\n ");
        assertSameAsTrade(TRADE.replace("\"trade\"", "\"\\u0074ra\\u0064e\"").replace("\"BTCUSDT\"", "\"BTC\\u0055SDT\"")
            .replace("\"61837.63000000\"", "\"6\\u00318\\u00337.63000000\"").replace("\"q\"", "\"\\u0071\""));
        assertSameAsTrade("{\"m\":true,\"T\":1723161255342,\"q\":\"0.02000000\",\"p\":\"61837.63000000\","
            + "\"t\":3735683259,\"s\":\"BTCUSDT\",\"E\":1723161255343,\"e\":\"trade\"}");
    }

    @Test
    void shouldRejectDuplicateKeysAndTrailingContent() {
        final String duplicate = TRADE.replace("\"M\":true", "\"p\":\"1.0\"");
        assertRejected(duplicate, "duplicate field 'p' at offset 125", "p", 125);
        assertThat(duplicate.substring(125)).startsWith("\"p\":\"1.0\"");
        assertRejected(TRADE + " {}", "malformed JSON at offset " + (TRADE.length() + 1)
            + ": expected the end of the frame after the object, found '{'", null, TRADE.length() + 1);
    }

    @ParameterizedTest(name = "duplicate in {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"M\":true,\"M\":false                       | M",
        "\"M\":true,\"\\u004d\":false                 | M",
        "\"Xyz\":1,\"M2\":2,\"Xyz\":1                 | Xyz",
        "\"é\":1,\"é\":1                              | é",
        "\"M\":true,\"\\u0065\":\"trade\"             | e",
        "\"M\":{\"a\":1,\"b\":{\"a\":1},\"a\":2}      | a",
        "\"M\":[{\"long\":1},{\"long\":1,\"long\":2}] | long",
        "\"\":1,\"\":2                                | ``",
    })
    void shouldRejectDuplicateKeysInEveryObject(final String members, final String key) {
        final String frame = TRADE.replace("\"M\":true", members);

        assertThatThrownBy(() -> decode(decoder, frame, 0, buffer, 0))
            .isInstanceOf(InvalidFrameException.class)
            .hasMessageStartingWith("duplicate field '" + (key == null ? "" : key) + "' at offset ");
    }

    @Test
    void shouldAcceptTheSameKeyInDifferentObjects() {
        assertSameAsTrade(TRADE.replace("\"M\":true", "\"M\":{\"p\":1,\"a\":{\"p\":2,\"a\":3},\"b\":[{\"a\":1},{\"a\":1}]},"
            + "\"long\":{\"long\":{\"long\":1}},\"x\":{\"long\":1,\"a\":2}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                  | 0   | expected '{', found the end of the frame",
        "this is not json                    | 0   | expected '{', found 't'",
        "null                                | 0   | expected '{', found 'n'",
        "[]                                  | 0   | expected '{', found '['",
        "`  `                                | 2   | expected '{', found the end of the frame",
        "{                                   | 1   | expected '\"' (a field name), found the end of the frame",
        "{\"e\"                              | 4   | expected ':', found the end of the frame",
        "{\"e\" \"trade\"}                   | 5   | expected ':', found '\"'",
        "{\"e\":                             | 5   | expected a value, found the end of the frame",
        "{\"e\":\"trade                      | 5   | string not terminated",
        "{\"e\":\"trade\",}                  | 13  | expected '\"' (a field name), found '}'",
        "{\"e\":\"trade\";}                  | 12  | expected ',' or '}', found ';'",
        "{'e':'trade'}                       | 1   | expected '\"' (a field name), found '''",
        "{e:\"trade\"}                       | 1   | expected '\"' (a field name), found 'e'",
        "{/* c */\"e\":\"trade\"}            | 1   | expected '\"' (a field name), found '/'",
        "{\"M\":01}                          | 6   | leading zero in a number",
        "{\"t\":03735683259}                 | 6   | leading zero in a number",
        "{\"t\":-}                           | 6   | expected a digit, found '}'",
        "{\"M\":+1}                          | 5   | expected a value, found '+'",
        "{\"M\":.5}                          | 5   | expected a value, found '.'",
        "{\"M\":1.}                          | 7   | expected a digit after '.', found '}'",
        "{\"p\":1.e5}                        | 7   | expected a digit after '.', found 'e'",
        "{\"M\":1e}                          | 7   | expected a digit in the exponent, found '}'",
        "{\"M\":NaN}                         | 5   | expected a value, found 'N'",
        "{\"M\":tru}                         | 5   | expected 'true', found 't'",
        "{\"m\":nul}                         | 5   | expected 'null', found 'n'",
        "{\"m\":True}                        | 5   | expected a value, found 'T'",
        "{\"M\":truex}                       | 9   | expected ',' or '}', found 'x'",
        "{\"M\":[1,]}                        | 8   | expected a value, found ']'",
        "{\"M\":[1 2]}                       | 8   | expected ',' or ']', found '2'",
        "{\"M\":[1}                          | 7   | expected ',' or ']', found '}'",
        "{\"M\":{\"a\"}}                     | 9   | expected ':', found '}'",
        "{\"M\":{1:2}}                       | 6   | expected '\"' (a field name), found '1'",
        "{\"M\":\"\\x\"}                     | 6   | invalid escape '\\x'",
        "{\"M\":\"\\u12\"}                   | 6   | invalid escape, expected 4 hex digits after \\u",
        "{\"M\":\"\\u12g4\"}                 | 6   | invalid escape, expected 4 hex digits after \\u",
        "{\"M\":\"\\                         | 6   | invalid escape at the end of the frame",
        "{\"M\":1}}                          | 7   | expected the end of the frame after the object, found '}'",
        "{\"M\":1}x                          | 7   | expected the end of the frame after the object, found 'x'",
        "{\"M\":1}\u00a0                     | 7   | expected the end of the frame after the object, found U+00A0",
        "\ufeff{\"M\":1}                     | 0   | expected '{', found U+FEFF",
    })
    void shouldRejectMalformedJsonWithItsOffset(final String frame, final int offset, final String problem) {
        assertRejected(frame, "malformed JSON at offset " + offset + ": " + problem, null, offset);
    }

    @Test
    void shouldRejectUnescapedControlCharactersInStrings() {
        assertRejected("{\"M\":\"tab\tin\"}", "malformed JSON at offset 9: control character U+0009 in a string "
            + "must be escaped", null, 9);
        assertRejected("{\"s\":\"BTC\nUSDT\"}", "malformed JSON at offset 9: control character U+000A in a string "
            + "must be escaped", null, 9);
        assertRejected("{\"M\":\"\0\"}", "malformed JSON at offset 6: control character U+0000 in a string "
            + "must be escaped", null, 6);
        assertRejected("{\"M\u001f\":1}", "malformed JSON at offset 3: control character U+001F in a string "
            + "must be escaped", null, 3);
        assertSameAsTrade(TRADE.replace("\"M\":true", "\"M\":\"\u007f\u0080\u2028 \""));
    }

    @Test
    void shouldAcceptNestingUpToJacksonsLimitOf1000() {
        assertSameAsTrade(TRADE.replace("true}", "true,\"x\":" + "[".repeat(999) + "]".repeat(999) + "}"));
        assertSameAsTrade(TRADE.replace("true}", "true,\"x\":" + "{\"a\":".repeat(999) + "1" + "}".repeat(999) + "}"));

        final String tooDeep = TRADE.replace("true}", "true,\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}");
        final int offset = TRADE.length() - 1 + ",\"x\":".length() + 999;
        assertRejected(tooDeep, "malformed JSON at offset " + offset + ": nesting deeper than 1000", null, offset);
    }

    @Test
    void shouldApplyJacksonsLimitsOfNumberAndFieldNameLength() {
        for (final String number : List.of("1".repeat(1000), "-" + "1".repeat(1000), "1." + "2".repeat(999),
            "0." + "2".repeat(1000), "0e" + "3".repeat(1000), "0.2e" + "3".repeat(998), "1.2e-" + "3".repeat(998))) {
            assertSameAsTrade(TRADE.replace("\"M\":true", "\"M\":" + number));
        }
        for (final String number : List.of("1".repeat(1001), "-" + "1".repeat(1001), "1." + "2".repeat(1000),
            "0.2e" + "3".repeat(999), "1.2e+" + "3".repeat(999), "1e" + "3".repeat(1000))) {
            assertRejected(TRADE.replace("\"M\":true", "\"M\":[" + number + "]"), "malformed JSON at offset 130: "
                + "number of 1001 digits, more than 1000", null, 130);
        }
        assertSameAsTrade(TRADE.replace("\"M\"", "\"" + "M".repeat(50_000) + "\""));
        assertRejected(TRADE.replace("\"M\"", "\"" + "M".repeat(50_001) + "\""), "malformed JSON at offset 125: "
            + "field name of 50001 characters, longer than 50000", null, 125);
        assertRejected(TRADE.replace("\"M\"", "\"" + "M".repeat(49_999) + "\\u004d\\u004d\""), "malformed JSON at "
            + "offset 125: field name of 50001 characters, longer than 50000", null, 125);
    }

    @Test
    void shouldRejectEveryBadFrameOfTheDeadLetterTestWithItsReason() {
        final String good1 = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
            + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
        final String good2 = "{\"e\":\"trade\",\"E\":1723161255619,\"s\":\"BTCUSDT\",\"t\":3735683264,"
            + "\"p\":\"61837.63000000\",\"q\":\"0.04800000\",\"T\":1723161255617,\"m\":true,\"M\":true}";
        final List<String> bad = List.of(
            "this is not json",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":3735683260,\"q\":\"1.0\",\"T\":1723161255400,"
                + "\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":\"3735683261\",\"p\":\"1.0\",\"q\":\"1.0\","
                + "\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":3735683261,\"p\":\"99999999999999999999.5\","
                + "\"q\":\"1.0\",\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"ETHUSDT\",\"t\":3735683262,\"p\":\"1.0\",\"q\":\"1.0\","
                + "\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":3735683263,\"p\":\"1.0\",\"q\":\"1.0\","
                + "\"T\":1723161255400,\"m\":null}");

        decode(decoder, good1, 1, buffer, 0);
        assertRejected(bad.get(0), "malformed JSON at offset 0: expected '{', found 't'", null, 0);
        assertRejected(bad.get(1), "missing field 'p'", "p", -1);
        assertRejected(bad.get(2), "invalid field 't' = \"3735683261\": expected a JSON integer", "t", 49);
        assertRejected(bad.get(3), "invalid field 'p' = \"99999999999999999999.5\": does not fit an int64 mantissa",
            "p", 64);
        assertRejected(bad.get(4), "frame for symbol ETHUSDT on stream of BTCUSDT", "s", 35);
        assertRejected(bad.get(5), "field 'm' is null", "m", 102);
        assertThat(decoder.tradeId()).isEqualTo(3735683259L);
        decode(decoder, good2, 2, buffer, 0);
        assertThat(Sbe.tradeDecoder(buffer, 0).tradeId()).isEqualTo(3735683264L).isEqualTo(decoder.tradeId());
        assertThat(decoder.eventTimeMicros()).isEqualTo(1723161255619000L);
    }

    // --- TradeEventEncoderTest's range cases

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "E | 9223372036854776       | time outside [0, 9223372036854775] ms",
        "E | -1                     | time outside [0, 9223372036854775] ms",
        "T | 9223372036854775807    | time outside [0, 9223372036854775] ms",
        "t | -1                     | must be at least 0",
        "t | -9223372036854775808   | must be at least 0",
        "t | -9223372036854775809   | outside the int64 range",
        "t | 9223372036854775808    | outside the int64 range",
        "p | \"61837,63\"           | not a plain decimal of the form [-]digits[.digits]",
        "p | \"92233720368547758.08\" | does not fit an int64 mantissa",
        "q | \"1e-8\"               | not a plain decimal of the form [-]digits[.digits]",
        "q | \"\"                   | not a plain decimal of the form [-]digits[.digits]",
        "q | \" 1\"                 | not a plain decimal of the form [-]digits[.digits]",
        "p | \"-61837.63\"          | negative (Binance's prices, quantities and volumes are not)",
        "q | \"-0.02\"              | negative (Binance's prices, quantities and volumes are not)",
        "q | \"-0\"                 | negative (Binance's prices, quantities and volumes are not)",
    })
    void shouldRejectValuesTheSchemaCannotHold(final String field, final String value, final String reason) {
        final String frame = TRADE.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value);

        assertRejected(frame, "invalid field '" + field + "' = " + value + ": " + reason, field,
            frame.indexOf("\"" + field + "\":" + value) + 4);
        assertThat(decode(decoder, "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":5,\"p\":\"1.0\",\"q\":\"2\",\"T\":1,"
            + "\"m\":true}", 0, buffer, 0)).as("decoder still usable after a failure").isEqualTo(69);
        assertThat(Sbe.tradeDecoder(buffer, 0).tradeId()).isEqualTo(5);
    }

    @Test
    void shouldAcceptLargestTimeThatFitsInMicrosAndNegativeZero() {
        final long maxMillis = Long.MAX_VALUE / 1000;
        decode(decoder, "{\"e\":\"trade\",\"E\":" + maxMillis + ",\"s\":\"BTCUSDT\",\"t\":-0,\"p\":\"1\",\"q\":\"1\","
            + "\"T\":0,\"m\":true}", Long.MAX_VALUE, buffer, 0);

        final TradeDecoder trade = Sbe.tradeDecoder(buffer, 0);
        assertThat(trade.eventTime()).isEqualTo(maxMillis * 1000);
        assertThat(trade.tradeTime()).isZero();
        assertThat(trade.tradeId()).isZero();
        assertThat(trade.receiveTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRejectBadStreamSymbols() {
        assertThatThrownBy(() -> new TradeFrameDecoder("")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("empty symbol");
        assertThatThrownBy(() -> new TradeFrameDecoder("\ud800USDT")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not valid Unicode");
        assertThatThrownBy(() -> new TradeFrameDecoder("币".repeat(342))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("longer than 1024 bytes");
        assertThatThrownBy(() -> new TradeFrameDecoder(null)).isInstanceOf(NullPointerException.class);

        final String longest = "A".repeat(1024);
        assertThat(decode(new TradeFrameDecoder(longest), TRADE.replace("BTCUSDT", longest), 0, buffer, 0))
            .isEqualTo(TradeFrameDecoder.MAX_ENCODED_LENGTH);
        assertThat(Sbe.tradeDecoder(buffer, 0).symbol()).isEqualTo(longest);
    }

    @Test
    void shouldRejectFramesOfAnotherSymbolWithTheValueCut() {
        assertRejected(TRADE.replace("BTCUSDT", "btcusdt"), "frame for symbol btcusdt on stream of BTCUSDT", "s", 35);
        assertRejected(TRADE.replace("BTCUSDT", "BTCUSDT "), "frame for symbol BTCUSDT  on stream of BTCUSDT", "s", 35);
        final String x = "X".repeat(100);
        assertRejected(TRADE.replace("BTCUSDT", x), "frame for symbol " + x.substring(0, 64) + "... (100 chars) on "
            + "stream of BTCUSDT", "s", 35);
        final String longPrice = "1".repeat(70);
        assertRejected(TRADE.replace("61837.63000000", longPrice), "invalid field 'p' = \"" + longPrice.substring(0, 64)
            + "...\" (70 chars): does not fit an int64 mantissa", "p", 64);
        assertRejected(TRADE.replace("true,\"M\"", "[\"" + x + "\"],\"M\""), "invalid field 'm' = [\""
            + x.substring(0, 62) + "... (104 chars): expected a JSON boolean", "m", 120);
    }

    private void assertSameAsTrade(final String frame) {
        final UnsafeBuffer expected = Sbe.randomBuffer(TradeFrameDecoder.MAX_ENCODED_LENGTH, 6);
        final int expectedLength = decode(new TradeFrameDecoder("BTCUSDT"), TRADE, 11, expected, 0);

        final int length = decode(decoder, frame, 11, buffer, 0);

        assertThat(length).isEqualTo(expectedLength);
        assertThat(bytes(buffer, 0, length)).as(frame).isEqualTo(bytes(expected, 0, expectedLength));
    }

    private void assertRejected(final String frame, final String reason, final String field, final int offset) {
        assertThatThrownBy(() -> decode(decoder, frame, 0, buffer, 0))
            .as(frame)
            .isInstanceOf(InvalidFrameException.class)
            .hasMessage(reason)
            .satisfies(e -> assertThat(((InvalidFrameException)e).reason()).isEqualTo(reason))
            .satisfies(e -> assertThat(((InvalidFrameException)e).field()).isEqualTo(field))
            .satisfies(e -> assertThat(((InvalidFrameException)e).offset()).isEqualTo(offset));
    }

    static int decode(final TradeFrameDecoder decoder, final String frame, final long receiveTime,
        final UnsafeBuffer buffer, final int offset) {
        final char[] chars = frame.toCharArray();
        return decoder.decode(chars, 0, chars.length, receiveTime, buffer, offset);
    }

    static byte[] bytes(final DirectBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private static List<String> btcTrades() {
        final List<String> frames = new ArrayList<>(RealData.trades(RealData.BTC_TRADES_2024));
        frames.addAll(RealData.trades(RealData.BTC_TRADES_2024_NEXT_DAY));
        return frames;
    }

    /** BTC and ETH trades of 2024 interleaved, then BTC trades of the 2023 shape, then BTC trades of 2024. */
    private static List<String> mixedFrames() {
        final List<String> btc = RealData.trades(RealData.BTC_TRADES_2024);
        final List<String> eth = RealData.trades(RealData.ETH_TRADES_2024);
        final List<String> old = RealData.trades(RealData.BTC_TRADES_2023);
        final List<String> frames = new ArrayList<>();
        for (int i = 0; frames.size() < 10_000; i++) {
            frames.add(i < 3000 ? (i % 2 == 0 ? btc : eth).get(i / 2) : i < 5000 ? old.get(i - 3000) : btc.get(i - 3500));
        }
        return frames;
    }

    private ObjectNode trade() {
        try {
            return (ObjectNode)mapper.readTree(TRADE);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }
}
