package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.codec.SbeFraming;
import io.binancedata.sbe.MessageHeaderEncoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeEncoder;
import io.binancedata.stream.StreamHeaders;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {
    private static final Map<String, Object> BATCH = Map.of(StreamHeaders.STREAM_ID, "trade-btcusdt",
            StreamHeaders.SYMBOL, "BTCUSDT", StreamHeaders.MESSAGE_COUNT, 2, StreamHeaders.FIRST_SEQUENCE, 7L,
            StreamHeaders.LAST_SEQUENCE, 8L, StreamHeaders.BACKFILLED, Boolean.TRUE);

    @Test
    void shouldMakeOneRecordPerFramedMessageEachBackfilledByItsOwnSource() {
        byte[] live = SbeTestMessages.Trade.sample("BTCUSDT", 7, 1_723_161_255_343_000L).encode();
        byte[] backfilled = backfill(SbeTestMessages.Trade.sample("BTCUSDT", 8, 1_723_161_255_344_000L).encode());

        List<KafkaRecords.Record> records = KafkaRecords.events(BATCH, framed(live, backfilled));

        assertThat(records).hasSize(2);
        assertThat(records.get(0).value()).isEqualTo(live);
        assertThat(records.get(1).value()).isEqualTo(backfilled);
        assertThat(text(records.get(0).headers())).containsExactlyInAnyOrderEntriesOf(Map.of(KafkaRecords.KEY,
                "BTCUSDT", "BinanceStreamId", "trade-btcusdt", "BinanceSbeSchemaId", "7201",
                "BinanceSbeSchemaVersion", "2", "BinanceSbeTemplateId", "1", "BinanceBackfilled", "false"));
        assertThat(text(records.get(1).headers())).containsEntry("BinanceBackfilled", "true");
    }

    @Test
    void shouldMakeOneRecordOfAWholeBatchWithTheBatchHeaders() {
        byte[] live = SbeTestMessages.Trade.sample("BTCUSDT", 7, 1_723_161_255_343_000L).encode();
        byte[] value = framed(live, live);

        Map<String, Object> headers = KafkaRecords.headers(BATCH, value, SbeFraming.HEADER_LENGTH, true);

        assertThat(text(headers)).containsEntry("BinanceMessageCount", "2").containsEntry("BinanceFirstSequence", "7")
                .containsEntry("BinanceLastSequence", "8").containsEntry("BinanceBackfilled", "true")
                .containsEntry("BinanceSbeSchemaId", "7201").containsEntry(KafkaRecords.KEY, "BTCUSDT");
    }

    @Test
    void shouldRefuseABatchWhoseFramesDoNotMatchItsHeaders() {
        byte[] live = SbeTestMessages.Trade.sample("BTCUSDT", 7, 1_723_161_255_343_000L).encode();
        byte[] one = framed(live);
        assertThatThrownBy(() -> KafkaRecords.events(BATCH, one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 1 messages");
        byte[] torn = Arrays.copyOf(framed(live, live), one.length * 2 - 1);
        assertThatThrownBy(() -> KafkaRecords.events(BATCH, torn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no whole frame at " + one.length);
        Map<String, Object> noSymbol = new HashMap<>(BATCH);
        noSymbol.remove(StreamHeaders.SYMBOL);
        assertThatThrownBy(() -> KafkaRecords.headers(noSymbol, live, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BinanceSymbol");
    }

    private static byte[] backfill(byte[] message) {
        UnsafeBuffer buffer = new UnsafeBuffer(message.clone());
        new TradeEncoder().wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH).source(Source.BACKFILL);
        return buffer.byteArray();
    }

    private static byte[] framed(byte[]... messages) {
        int length = 0;
        for (byte[] m : messages) {
            length += SbeFraming.HEADER_LENGTH + m.length;
        }
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        int offset = 0;
        for (byte[] m : messages) {
            SbeFraming.writeHeader(buffer, offset, m.length);
            buffer.putBytes(offset + SbeFraming.HEADER_LENGTH, m);
            offset += SbeFraming.HEADER_LENGTH + m.length;
        }
        return buffer.byteArray();
    }

    private static Map<String, String> text(Map<String, Object> headers) {
        Map<String, String> text = new LinkedHashMap<>();
        headers.forEach((k, v) -> text.put(k, v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : v.toString()));
        return text;
    }
}
