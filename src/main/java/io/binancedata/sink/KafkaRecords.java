package io.binancedata.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.codec.SbeFraming;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.stream.StreamHeaders;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The key and the record headers of one Kafka record of the Kafka sink, from the stream headers of the message it
 * carries. Key: the symbol ({@code BinanceSymbol}), which the producer writes as UTF-8, so that every record of a
 * symbol goes to the same partition, in order. Record headers, each a UTF-8 text:
 * <ul>
 *   <li>{@code BinanceStreamId}: {@code trade-btcusdt}, {@code kline-btcusdt-1m};</li>
 *   <li>{@code BinanceSbeSchemaId}, {@code BinanceSbeSchemaVersion}: read from the SBE message header of the value
 *       ({@code 7201}, {@code 2}), so a record re-delivered from the spool of an older version says so;</li>
 *   <li>{@code BinanceSbeTemplateId}: {@code 1} Trade, {@code 2} Kline;</li>
 *   <li>{@code BinanceBackfilled}: {@code true} for an event fetched over REST to fill a gap (for a batch: when at
 *       least one of its events was), else {@code false};</li>
 *   <li>batch records only: {@code BinanceMessageCount}, {@code BinanceFirstSequence},
 *       {@code BinanceLastSequence}.</li>
 * </ul>
 */
public final class KafkaRecords {
    /** camel-kafka's header for the record key ({@code KafkaConstants.KEY}); camel-kafka does not propagate it. */
    public static final String KEY = "kafka.KEY";
    public static final String SCHEMA_ID = "BinanceSbeSchemaId";
    public static final String SCHEMA_VERSION = "BinanceSbeSchemaVersion";
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final String[] BATCH_HEADERS = {StreamHeaders.MESSAGE_COUNT, StreamHeaders.FIRST_SEQUENCE,
        StreamHeaders.LAST_SEQUENCE};

    private KafkaRecords() {
    }

    /** One record to produce: the camel-kafka headers ({@link #headers}) and the value. */
    public record Record(Map<String, Object> headers, byte[] value) {
        /**
         * The Kafka record camel-kafka makes of it: the key from {@link #KEY}, every other header a record header
         * with its bytes.
         */
        public ProducerRecord<String, byte[]> toProducerRecord(String topic) {
            List<Header> recordHeaders = new ArrayList<>(headers.size());
            headers.forEach((name, value) -> {
                if (!KEY.equals(name)) {
                    recordHeaders.add(new RecordHeader(name, (byte[]) value));
                }
            });
            return new ProducerRecord<>(topic, null, (String) headers.get(KEY), value, recordHeaders);
        }
    }

    /**
     * One record per SBE message of a stream's framed batch ({@code framed}: messages each after its 6-byte framing
     * header, as the spool keeps a batch), in order; each is backfilled when its own {@code source} says BACKFILL.
     *
     * @param batch the batch headers (stream id, symbol, message count)
     * @throws IllegalArgumentException if the frames do not fill the value exactly or their count differs from
     *                                  {@code BinanceMessageCount}
     */
    public static List<Record> events(Map<String, Object> batch, byte[] framed) {
        UnsafeBuffer buffer = new UnsafeBuffer(framed);
        List<Record> records = new ArrayList<>();
        Map<String, Object> stream = new HashMap<>(8);
        stream.put(StreamHeaders.SYMBOL, required(batch, StreamHeaders.SYMBOL));
        stream.put(StreamHeaders.STREAM_ID, required(batch, StreamHeaders.STREAM_ID));
        int offset = 0;
        while (offset < framed.length) {
            int length = SbeFraming.wholeFrameLength(buffer, offset, framed.length);
            byte[] value = Arrays.copyOfRange(framed, offset + SbeFraming.HEADER_LENGTH, offset + length);
            Map<String, Object> event = new HashMap<>(stream);
            event.put(StreamHeaders.BACKFILLED, isBackfill(value));
            records.add(new Record(headers(event, value, 0, false), value));
            offset += length;
        }
        String count = required(batch, StreamHeaders.MESSAGE_COUNT);
        if (!count.equals(Integer.toString(records.size()))) {
            throw new IllegalArgumentException("Framed batch holds " + records.size() + " messages, its header "
                    + StreamHeaders.MESSAGE_COUNT + " says " + count);
        }
        return records;
    }

    /** Whether the SBE message's {@code source} is BACKFILL (a version-1 message has none: false). */
    static boolean isBackfill(byte[] message) {
        UnsafeBuffer buffer = new UnsafeBuffer(message);
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        if (message.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new IllegalArgumentException("An SBE message of " + message.length + " bytes has no header");
        }
        header.wrap(buffer, 0);
        int templateId = header.templateId();
        if (templateId == TradeDecoder.TEMPLATE_ID) {
            return new TradeDecoder().wrapAndApplyHeader(buffer, 0, header).source() == Source.BACKFILL;
        }
        if (templateId == KlineDecoder.TEMPLATE_ID) {
            return new KlineDecoder().wrapAndApplyHeader(buffer, 0, header).source() == Source.BACKFILL;
        }
        throw new IllegalArgumentException("SBE template " + templateId + " is neither Trade nor Kline");
    }

    /**
     * The camel-kafka headers (key and record headers) of a record whose value holds an SBE message at
     * {@code sbeOffset} (0 for one message; the 6-byte framing header for a batch's framed messages).
     *
     * @param stream the message's stream headers ({@link EventHeaders}, or the batch headers when {@code batch})
     * @throws IllegalArgumentException if the symbol or stream id header is missing or the value holds no SBE header
     */
    public static Map<String, Object> headers(Map<String, Object> stream, byte[] value, int sbeOffset,
                                              boolean batch) {
        Map<String, Object> record = new HashMap<>(16);
        record.put(KEY, required(stream, StreamHeaders.SYMBOL));
        record.put(StreamHeaders.STREAM_ID, utf8(required(stream, StreamHeaders.STREAM_ID)));
        if (value.length < sbeOffset + MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new IllegalArgumentException("A Kafka record value needs an SBE message header at offset "
                    + sbeOffset + "; the value has " + value.length + " bytes");
        }
        MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(value), sbeOffset);
        record.put(SCHEMA_ID, text(header.schemaId()));
        record.put(SCHEMA_VERSION, text(header.version()));
        record.put(StreamHeaders.TEMPLATE_ID, text(header.templateId()));
        record.put(StreamHeaders.BACKFILLED, Boolean.TRUE.equals(stream.get(StreamHeaders.BACKFILLED)) ? TRUE : FALSE);
        if (batch) {
            for (String name : BATCH_HEADERS) {
                record.put(name, utf8(required(stream, name)));
            }
        }
        return record;
    }

    private static String required(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("A Kafka record needs the header " + name + "; the message has "
                    + headers.keySet());
        }
        return value.toString();
    }

    private static byte[] text(int value) {
        return Integer.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
