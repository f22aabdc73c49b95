package io.binancedata.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binancedata.codec.SbeFraming;
import io.binancedata.pipeline.FrameDecoder;
import io.binancedata.pipeline.FramePipeline;
import io.binancedata.pipeline.StreamDecoders;
import io.binancedata.sbe.Source;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamHeaders;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One stream as the product writes it to Kafka: its frames through the stream's own {@link FramePipeline} (decoder,
 * sequence guard, emit filter), then each event a record ({@link #events}) or each batch one record ({@link #batch},
 * the sink's {@code batch=true}), key and headers made by {@link KafkaRecords}. The guard's {@link #guardPosition()} is
 * where the stream stands after the frames given so far. A gap is filled with nothing ({@link GapFiller#NONE}).
 */
public final class SinkStream {
    private static final long RECEIVE_TIME = 1_800_000_000_000_000L;

    private final StreamKey key;
    private final SequenceGuard guard;
    private final FramePipeline pipeline;
    private final FrameBatch frames = new FrameBatch();
    private final EventBatch events = new EventBatch();

    /** @param emitAll whether kline updates of open candles are written too ({@code binance.kline.emit=all}) */
    SinkStream(StreamKey key, boolean emitAll) {
        this.key = key;
        this.guard = new SequenceGuard(new StreamStatus(key), GapFiller.NONE);
        this.pipeline = new FramePipeline(guard, StreamDecoders.of(key), emitAll, (frame, receiveTime, step, why) -> {
            throw new AssertionError(key + ": frame refused at " + step + ": " + why + ": " + frame);
        });
    }

    /** A trade stream. */
    public static SinkStream trades(String symbol) {
        return new SinkStream(StreamKey.trade(symbol), true);
    }

    /** A kline stream. */
    public static SinkStream klines(String symbol, String interval, boolean emitAll) {
        return new SinkStream(StreamKey.kline(symbol, interval), emitAll);
    }

    /** The records of the events {@code frameTexts} become, one per event, in order. */
    public List<ProducerRecord<String, byte[]>> events(String topic, List<String> frameTexts) {
        process(frameTexts);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.count());
        for (int i = 0; i < events.count(); i++) {
            Map<String, Object> headers = streamHeaders();
            if (events.backfilled(i)) {
                headers.put(StreamHeaders.BACKFILLED, Boolean.TRUE);
            }
            byte[] value = events.messageBytes(i);
            records.add(record(topic, KafkaRecords.headers(headers, value, 0, false), value));
        }
        return records;
    }

    /** One record of the events {@code frameTexts} become: their framed messages back to back, with batch headers. */
    ProducerRecord<String, byte[]> batch(String topic, List<String> frameTexts) {
        process(frameTexts);
        Map<String, Object> headers = streamHeaders();
        headers.put(StreamHeaders.MESSAGE_COUNT, events.count());
        headers.put(StreamHeaders.FIRST_SEQUENCE, events.sequence(0));
        headers.put(StreamHeaders.LAST_SEQUENCE, events.sequence(events.count() - 1));
        if (events.backfilledCount() > 0) {
            headers.put(StreamHeaders.BACKFILLED, Boolean.TRUE);
        }
        byte[] value = events.toByteArray();
        return record(topic, KafkaRecords.headers(headers, value, SbeFraming.HEADER_LENGTH, true), value);
    }

    /**
     * The record of one frame fetched over REST to fill a gap, encoded as the pipeline encodes a gap's events (source
     * BACKFILL, no event time). The guard does not see it: it judges live frames only.
     */
    ProducerRecord<String, byte[]> backfilled(String topic, String frame) {
        FrameDecoder decoder = StreamDecoders.of(key);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[decoder.maxEncodedLength()]);
        char[] chars = frame.toCharArray();
        int length = decoder.decode(chars, 0, chars.length, RECEIVE_TIME, Source.BACKFILL, buffer, 0);
        byte[] value = Arrays.copyOf(buffer.byteArray(), length);
        Map<String, Object> headers = streamHeaders();
        headers.put(StreamHeaders.BACKFILLED, Boolean.TRUE);
        return record(topic, KafkaRecords.headers(headers, value, 0, false), value);
    }

    /** Where the stream's guard stands: {@link SequenceGuard#position()}. */
    String guardPosition() {
        return guard.position();
    }

    String id() {
        return key.id();
    }

    private void process(List<String> frameTexts) {
        frames.clear();
        for (String frame : frameTexts) {
            frames.append(frame, RECEIVE_TIME);
        }
        pipeline.process(frames, events);
        if (frames.held() != 0) {
            throw new AssertionError(key + ": frames held for a gap fetch");
        }
    }

    private Map<String, Object> streamHeaders() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(StreamHeaders.SYMBOL, key.symbol());
        headers.put(StreamHeaders.STREAM_ID, key.id());
        return headers;
    }

    /** A record as camel-kafka makes it of the sink's message: key header taken out, the other headers as they are. */
    static ProducerRecord<String, byte[]> record(String topic, Map<String, Object> headers, byte[] value) {
        Map<String, Object> recordHeaders = new HashMap<>(headers);
        String recordKey = (String) recordHeaders.remove(KafkaRecords.KEY);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, recordKey, value);
        recordHeaders.forEach((name, header) -> record.headers().add(name, (byte[]) header));
        return record;
    }
}
