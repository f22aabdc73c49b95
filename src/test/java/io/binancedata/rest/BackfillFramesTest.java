package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.TradeEvent;
import io.binancedata.pipeline.KlineFrameDecoder;
import io.binancedata.pipeline.TradeFrameDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Backfilled rows as live frames, and what the product's codec makes of them. */
class BackfillFramesTest {
    private static final ObjectMapper MAPPER = EventMapper.create();
    private static final RestTrade TRADE =
            new RestTrade(3_735_683_259L, "61837.63000000", "0.02000000", 1_723_161_255_342L, true, true);
    private static final RestKline KLINE = new RestKline(1_617_566_580_000L, "57994.60000000", "58018.03000000",
            "57974.41000000", "57999.99000000", "23.06712200", 1_617_566_639_999L, "1337913.58654308", 1_020,
            "11.41334700", "661954.86510045");
    private static final RestKline EMPTY = new RestKline(1_617_566_640_000L, "57999.99000000", "57999.99000000",
            "57999.99000000", "57999.99000000", "0.00000000", 1_617_566_699_999L, "0.00000000", 0, "0.00000000",
            "0.00000000");

    @Test
    void shouldWriteATradeAsTheLiveEventWithAPlaceholderEventTimeTheContractLeavesNull() throws Exception {
        String frame = BackfillFrames.trade("btcusdt", TRADE);

        assertThat(frame).isEqualTo("{\"e\":\"trade\",\"E\":1723161255342,\"s\":\"BTCUSDT\",\"t\":3735683259,"
                + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}");
        assertThat(MAPPER.readValue(frame, TradeEvent.class).symbol()).isEqualTo("BTCUSDT");
        JsonNode sbe = backfilledTrade(frame);
        assertThat(sbe.get("eventTime").isNull()).isTrue();
        assertThat(sbe.get("source").asText()).isEqualTo("BACKFILL");
        assertThat(sbe.get("tradeTime").asLong()).isEqualTo(1_723_161_255_342_000L);
        assertThat(sbe.get("tradeId").asLong()).isEqualTo(3_735_683_259L);
        assertThat(sbe.get("price").asText()).isEqualTo("61837.63");
    }

    @Test
    void shouldWriteAClosedKlineWithTradeIdsFromTheAnchorAndAPlaceholderEventTimeAtTheBoundary() throws Exception {
        String frame = BackfillFrames.kline("BTCUSDT", "1m", KLINE, 745_522_651L);

        // the documented live example, but for E: the boundary instead of the moment it was sent (…640068)
        assertThat(frame).isEqualTo("{\"e\":\"kline\",\"E\":1617566640000,\"s\":\"BTCUSDT\",\"k\":{\"t\":1617566580000,"
                + "\"T\":1617566639999,\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":745522651,\"L\":745523670,"
                + "\"o\":\"57994.60000000\",\"c\":\"57999.99000000\",\"h\":\"58018.03000000\",\"l\":\"57974.41000000\","
                + "\"v\":\"23.06712200\",\"n\":1020,\"x\":true,\"q\":\"1337913.58654308\",\"V\":\"11.41334700\","
                + "\"Q\":\"661954.86510045\",\"B\":\"0\"}}");
        assertThat(MAPPER.readValue(frame, KlineEvent.class).kline().closed()).isTrue();
        JsonNode sbe = backfilledKline(frame);
        assertThat(sbe.get("eventTime").isNull()).isTrue();
        assertThat(sbe.get("source").asText()).isEqualTo("BACKFILL");
        assertThat(sbe.get("firstTradeId").asLong()).isEqualTo(745_522_651L);
        assertThat(sbe.get("lastTradeId").asLong()).isEqualTo(745_523_670L);
        assertThat(sbe.get("closed").asBoolean()).isTrue();
    }

    @Test
    void shouldMarkACandleWithoutTradesWithMinusOneAndChainTheIdsPastIt() throws Exception {
        RestKline next = new RestKline(1_617_566_700_000L, "58000.00000000", "58000.00000000", "58000.00000000",
                "58000.00000000", "1.00000000", 1_617_566_759_999L, "58000.00000000", 2, "0.00000000", "0.00000000");

        List<String> frames = BackfillFrames.klines("BTCUSDT", "1m", List.of(KLINE, EMPTY, next), 745_522_651L);

        JsonNode empty = backfilledKline(frames.get(1));
        JsonNode after = backfilledKline(frames.get(2));
        assertThat(empty.get("firstTradeId").asLong()).isEqualTo(-1);
        assertThat(empty.get("lastTradeId").asLong()).isEqualTo(-1);
        assertThat(after.get("firstTradeId").asLong()).isEqualTo(745_523_671L);
        assertThat(after.get("lastTradeId").asLong()).isEqualTo(745_523_672L);
        assertThat(BackfillFrames.nextFirstTradeId(List.of(KLINE, EMPTY, next), 745_522_651L))
                .isEqualTo(745_523_673L);
        assertThat(BackfillFrames.kline("BTCUSDT", "1m", EMPTY, -1)).contains("\"f\":-1,\"L\":-1,");
    }

    @Test
    void shouldEscapeTheSymbolAndKeepNonAsciiSymbolsAsTheyAre() throws Exception {
        String frame = BackfillFrames.trade("币安人生usdt", TRADE);

        assertThat(frame).contains(",\"s\":\"币安人生USDT\",");
        assertThat(MAPPER.readValue(frame, TradeEvent.class).symbol()).isEqualTo("币安人生USDT");
        assertThat(BackfillFrames.trade("A\"B\\C", TRADE)).contains(",\"s\":\"A\\\"B\\\\C\",");
        assertThat(BackfillFrames.trade("äbcusdt", TRADE)).as("lower-case non-ASCII letters kept, as the stream's")
                .contains(",\"s\":\"äBCUSDT\",");
        assertThat(BackfillFrames.trade("straßeusdt", TRADE)).contains(",\"s\":\"STRAßEUSDT\",");
    }

    @Test
    void shouldRefuseToInventTradeIds() {
        assertThatThrownBy(() -> BackfillFrames.kline("BTCUSDT", "1m", KLINE, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no first trade id for the candle opening at 1617566580000 with 1020 trades");
        assertThatThrownBy(() -> BackfillFrames.klines("BTCUSDT", "1m", List.of(EMPTY, KLINE), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("klines not in increasing open-time order at 1617566580000");
        assertThatThrownBy(() -> BackfillFrames.kline("BTCUSDT", "1H", KLINE, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown kline interval '1H'");
    }

    /** The frame as the pipeline writes a backfilled frame. */
    private static JsonNode backfilledTrade(String frame) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[TradeFrameDecoder.MAX_ENCODED_LENGTH]);
        char[] chars = frame.toCharArray();
        int length = new TradeFrameDecoder("BTCUSDT").decode(chars, 0, chars.length, 0, Source.BACKFILL, buffer, 0);
        return SbeFiles.decode(buffer, 0, length);
    }

    private static JsonNode backfilledKline(String frame) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[KlineFrameDecoder.MAX_ENCODED_LENGTH]);
        char[] chars = frame.toCharArray();
        int length = new KlineFrameDecoder("BTCUSDT", "1m").decode(chars, 0, chars.length, 0, Source.BACKFILL,
                buffer, 0);
        return SbeFiles.decode(buffer, 0, length);
    }
}
