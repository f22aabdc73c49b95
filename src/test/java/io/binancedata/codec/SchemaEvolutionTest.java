package io.binancedata.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.stream.EventBatch;
import io.binancedata.pipeline.FramePipeline;
import io.binancedata.pipeline.StreamDecoders;
import io.binancedata.rest.BackfillFrames;
import io.binancedata.rest.RestKline;
import io.binancedata.rest.RestTrade;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.sink.FramedFileStore;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.SbeFiles;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 2 under SBE's extension rules: a reader built on version 1 (codecs generated from a verbatim copy of
 * the version-1 schema, {@code io.binancedata.sbe.v1}) reads the files this version writes — live and backfilled
 * messages — field by field, skipping the appended {@code source} by the header's block length; and this version
 * reads the files earlier versions wrote.
 */
class SchemaEvolutionTest {
    private static final String SYMBOL = "BTCUSDT";
    private static final long RECEIVE_TIME = 1_800_000_000_000_000L;
    private static final long OPEN_TIME = 1_617_566_580_000L;

    @TempDir
    Path dir;

    @Test
    void shouldLetAVersion1ReaderReadTheLiveAndBackfilledTradesOfAVersion2File() throws IOException {
        List<String> recorded = RealData.trades(RealData.BTC_TRADES_2024).subList(0, 600);
        Map<Long, String> byId = recorded.stream()
            .collect(Collectors.toMap(f -> SbeFiles.parse(f).get("t").asLong(), Function.identity()));
        List<String> live = new ArrayList<>(recorded.subList(0, 200));
        live.addAll(recorded.subList(300, 600)); // trades 200..299 missed: filled over REST
        Path file = writeThroughPipeline(StreamKey.trade(SYMBOL), live, new GapFiller() {
            @Override
            public List<String> trades(String symbol, long fromId, long toId) {
                List<String> frames = new ArrayList<>();
                for (long id = fromId; id <= toId; id++) {
                    frames.add(BackfillFrames.trade(symbol, restTrade(SbeFiles.parse(byId.get(id)))));
                }
                return frames;
            }

            @Override
            public List<String> closedKlines(String symbol, String interval, long from, long to, long firstTradeId) {
                return List.of();
            }
        });

        List<byte[]> messages = messages(file);
        assertThat(messages).hasSize(600);
        io.binancedata.sbe.v1.MessageHeaderDecoder v1Header = new io.binancedata.sbe.v1.MessageHeaderDecoder();
        io.binancedata.sbe.v1.TradeDecoder v1 = new io.binancedata.sbe.v1.TradeDecoder();
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            UnsafeBuffer buffer = new UnsafeBuffer(message);
            JsonNode source = SbeFiles.parse(recorded.get(i));
            boolean backfilled = i >= 200 && i < 300;
            TradeDecoder v2 = Sbe.tradeDecoder(buffer, 0);
            assertThat(v2.source()).as("trade #%d", i).isEqualTo(backfilled ? Source.BACKFILL : Source.LIVE);

            v1.wrapAndApplyHeader(buffer, 0, v1Header);
            assertThat(v1Header.schemaId()).isEqualTo(io.binancedata.sbe.v1.TradeDecoder.SCHEMA_ID);
            assertThat(v1Header.version()).isEqualTo(2);
            assertThat(v1Header.blockLength()).isEqualTo(io.binancedata.sbe.v1.TradeDecoder.BLOCK_LENGTH + 1);
            assertThat(v1.eventTime()).as("trade #%d", i)
                .isEqualTo(backfilled ? Long.MIN_VALUE : source.get("E").asLong() * 1000);
            assertThat(v1.tradeTime()).isEqualTo(source.get("T").asLong() * 1000).isEqualTo(v2.tradeTime());
            assertThat(v1.receiveTime()).as("backfilled: the receive time of the frame that revealed the gap")
                .isEqualTo(RECEIVE_TIME + (i < 200 ? i : Math.max(200, i - 100))).isEqualTo(v2.receiveTime());
            assertThat(v1.tradeId()).isEqualTo(source.get("t").asLong()).isEqualTo(v2.tradeId());
            assertThat(DecimalParser.format(v1.price().mantissa(), v1.price().exponent()))
                .isEqualTo(SbeFiles.exact(source.get("p").asText()));
            assertThat(DecimalParser.format(v1.quantity().mantissa(), v1.quantity().exponent()))
                .isEqualTo(SbeFiles.exact(source.get("q").asText()));
            assertThat(v1.buyerIsMaker() == io.binancedata.sbe.v1.BooleanType.TRUE)
                .isEqualTo(source.get("m").asBoolean());
            assertThat(v1.symbol()).isEqualTo(SYMBOL);
            assertThat(v1.limit()).as("the version-1 reader ends exactly at the end of the message")
                .isEqualTo(message.length);
        }
    }

    @Test
    void shouldLetAVersion1ReaderReadTheLiveAndBackfilledKlinesOfAVersion2File() throws IOException {
        List<String> candles = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            long open = OPEN_TIME + n * 60_000L;
            String finalVersion = BackfillFrames.kline(SYMBOL, "1m", new RestKline(open, "57994.6", "58018.03",
                "57974.41", "57999.99" + n, "23.067122", open + 59_999, "1337913.58654308", 1_020 + n, "11.413347",
                "661954.86510045"), 745_522_651L + n * 10_000L);
            candles.add(finalVersion.replace("\"E\":" + (open + 60_000), "\"E\":" + (open + 60_068)));
        }
        long missedOpen = OPEN_TIME + 60_000L;
        List<String> live = List.of(candles.get(0), candles.get(2), candles.get(3), candles.get(4));
        Path file = writeThroughPipeline(StreamKey.kline(SYMBOL, "1m"), live, new GapFiller() {
            @Override
            public List<String> trades(String symbol, long fromId, long toId) {
                return List.of();
            }

            @Override
            public List<String> closedKlines(String symbol, String interval, long from, long to, long firstTradeId) {
                assertThat(from).isEqualTo(missedOpen);
                return List.of(candles.get(1));
            }
        });

        List<byte[]> messages = messages(file);
        assertThat(messages).hasSize(candles.size());
        io.binancedata.sbe.v1.MessageHeaderDecoder v1Header = new io.binancedata.sbe.v1.MessageHeaderDecoder();
        io.binancedata.sbe.v1.KlineDecoder v1 = new io.binancedata.sbe.v1.KlineDecoder();
        int backfilled = 0;
        for (byte[] message : messages) {
            UnsafeBuffer buffer = new UnsafeBuffer(message);
            KlineDecoder v2 = Sbe.klineDecoder(buffer, 0);
            v1.wrapAndApplyHeader(buffer, 0, v1Header);
            assertThat(v1Header.blockLength()).isEqualTo(io.binancedata.sbe.v1.KlineDecoder.BLOCK_LENGTH + 1);
            if (v2.source() == Source.BACKFILL) {
                backfilled++;
                assertThat(v1.openTime()).isEqualTo(missedOpen * 1000);
                assertThat(v1.eventTime()).isEqualTo(Long.MIN_VALUE).isEqualTo(v2.eventTime());
            } else {
                assertThat(v2.source()).isEqualTo(Source.LIVE);
                assertThat(v1.eventTime()).isPositive().isEqualTo(v2.eventTime());
            }
            assertThat(v1.openTime()).isEqualTo(v2.openTime());
            assertThat(v1.closeTime()).isEqualTo(v2.closeTime());
            assertThat(v1.receiveTime()).isEqualTo(v2.receiveTime());
            assertThat(v1.interval().value()).isEqualTo(v2.interval().value());
            assertThat(v1.firstTradeId()).isEqualTo(v2.firstTradeId());
            assertThat(v1.lastTradeId()).isEqualTo(v2.lastTradeId());
            assertThat(v1.tradeCount()).isEqualTo(v2.tradeCount());
            assertThat(v1.close().mantissa()).isEqualTo(v2.close().mantissa());
            assertThat(v1.takerBuyQuoteVolume().exponent()).isEqualTo(v2.takerBuyQuoteVolume().exponent());
            assertThat(v1.closed()).isEqualTo(io.binancedata.sbe.v1.BooleanType.TRUE);
            assertThat(v1.symbol()).isEqualTo(SYMBOL);
            assertThat(v1.limit()).isEqualTo(message.length);
        }
        assertThat(backfilled).isEqualTo(1);
    }

    @Test
    void shouldReadAVersion1FileAndAFileContinuedByVersion2() throws IOException {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int length = SchemaV1.encodeTrade(buffer, 0, 1_723_161_255_343_000L, 1_723_161_255_342_000L,
            1_723_161_254_087_896L, 3_735_683_259L, 6_183_763, -2, 2, -2, true, SYMBOL);
        byte[] v1Trade = new byte[length];
        buffer.getBytes(0, v1Trade);
        Path day = dir.resolve("trade/BTCUSDT/2024-08-08.sbe");
        try (FramedFileStore store = new FramedFileStore(dir, 4, false)) {
            store.append("trade", SYMBOL, null, v1Trade); // written by an earlier version
        }
        assertThat(SbeFiles.decode(day)).hasSize(1);
        assertThat(SbeFiles.decode(day).get(0).has("source")).isFalse();

        List<String> frames = List.of(RealData.trades(RealData.BTC_TRADES_2024).get(0));
        writeThroughPipeline(StreamKey.trade(SYMBOL), frames, GapFiller.NONE); // the same day, continued by version 2

        List<JsonNode> decoded = SbeFiles.decode(day);
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).get("eventTime").asLong()).isEqualTo(1_723_161_255_343_000L);
        assertThat(decoded.get(0).has("source")).isFalse();
        assertThat(decoded.get(1).get("source").asText()).isEqualTo("LIVE");
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        List<byte[]> messages = messages(day);
        assertThat(header.wrap(new UnsafeBuffer(messages.get(0)), 0).version()).isEqualTo(1);
        TradeDecoder old = new TradeDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(messages.get(0)), 0, header);
        assertThat(old.source()).as("a version-1 message has no source").isEqualTo(Source.NULL_VAL);
        assertThat(old.symbol()).isEqualTo(SYMBOL);
        assertThat(old.limit()).isEqualTo(messages.get(0).length);
    }

    /** The frames through a real stream pipeline into the file sink's store; returns the day file of the first. */
    private Path writeThroughPipeline(StreamKey key, List<String> frames, GapFiller filler) throws IOException {
        FramePipeline pipeline = new FramePipeline(new SequenceGuard(new StreamStatus(key), filler),
            StreamDecoders.of(key), false, (frame, receiveTime, step, reason) -> {
                throw new AssertionError(reason + ": " + frame);
            });
        FrameBatch batch = new FrameBatch();
        for (int i = 0; i < frames.size(); i++) {
            batch.append(frames.get(i), RECEIVE_TIME + i);
        }
        EventBatch events = new EventBatch();
        pipeline.process(batch, events);
        try (FramedFileStore store = new FramedFileStore(dir, 4, false)) {
            store.append(key.kind().code(), key.symbol(), key.interval(), events);
        }
        String kindDirectory = key.kind() == StreamKind.TRADE ? "trade" : "kline_" + key.interval();
        try (var files = Files.walk(dir.resolve(kindDirectory))) {
            return files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
    }

    private static List<byte[]> messages(Path file) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            SbeFrameReader reader = new SbeFrameReader(in);
            while (reader.next()) {
                DirectBuffer buffer = reader.buffer();
                byte[] message = new byte[reader.messageLength()];
                buffer.getBytes(0, message);
                messages.add(message);
            }
        }
        return messages;
    }

    private static RestTrade restTrade(JsonNode frame) {
        return new RestTrade(frame.get("t").asLong(), frame.get("p").asText(), frame.get("q").asText(),
            frame.get("T").asLong(), frame.get("m").asBoolean(), frame.get("M").asBoolean());
    }
}
