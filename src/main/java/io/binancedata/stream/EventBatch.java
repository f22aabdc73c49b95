package io.binancedata.stream;

import java.util.Arrays;

import io.binancedata.codec.SbeFraming;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What one drain of a stream delivers to its sinks: SBE messages, each preceded by its Simple Open Framing Header,
 * back to back in one reused buffer ({@link #buffer()}, bytes {@code [0, length())}), with what each sink may need
 * per message: its event time (none for a backfilled one), exchange time (which day file; see
 * {@link io.binancedata.codec.EventTimes}), sequence (trade id or kline open time), receive time, whether it was
 * fetched over REST to fill a gap, and the raw frame it came from (for dead letters). Written by the stream's
 * frame pipeline ({@code pipeline.FramePipeline}), read by the sinks; reused for the stream's next batch, so sinks
 * must copy what they keep.
 */
public final class EventBatch {
    private static final int INITIAL_EVENTS = 16;
    private static final int INITIAL_BYTES = 1024;

    /**
     * Grows to the stream's usual batch (a few messages of a quiet stream: room for a few at first), and back after a
     * catch-up ({@link BatchShrinking}).
     */
    private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_BYTES);
    private final BatchShrinking shrinking = new BatchShrinking();
    private int templateId;
    private int length;
    private int count;
    private int backfilledCount;
    private int[] offsets = new int[INITIAL_EVENTS];
    private long[] eventTimes = new long[INITIAL_EVENTS];
    private long[] exchangeTimes = new long[INITIAL_EVENTS];
    private long[] receiveTimes = new long[INITIAL_EVENTS];
    private long[] sequences = new long[INITIAL_EVENTS];
    private int[] rawFrames = new int[INITIAL_EVENTS];
    private Object[] rawTexts = new Object[INITIAL_EVENTS];
    private FrameBatch source;

    /** Starts a new batch of messages of one SBE template, decoded from {@code frames}. */
    public void reset(int templateId, FrameBatch frames) {
        this.templateId = templateId;
        this.source = frames;
        Arrays.fill(rawTexts, 0, count, null);
        if (shrinking.shrinkNow(length, buffer.capacity(), INITIAL_BYTES)) {
            buffer = new ExpandableArrayBuffer(INITIAL_BYTES);
            offsets = new int[INITIAL_EVENTS];
            eventTimes = new long[INITIAL_EVENTS];
            exchangeTimes = new long[INITIAL_EVENTS];
            receiveTimes = new long[INITIAL_EVENTS];
            sequences = new long[INITIAL_EVENTS];
            rawFrames = new int[INITIAL_EVENTS];
            rawTexts = new Object[INITIAL_EVENTS];
        }
        length = 0;
        count = 0;
        backfilledCount = 0;
    }

    /** The buffer to encode the next message into, at {@link #nextMessageOffset()}, with room for {@code capacity}. */
    public MutableDirectBuffer claim(int capacity) {
        buffer.checkLimit(length + SbeFraming.HEADER_LENGTH + capacity);
        return buffer;
    }

    /** Where the next message's SBE header goes (after its framing header). */
    public int nextMessageOffset() {
        return length + SbeFraming.HEADER_LENGTH;
    }

    /**
     * Keeps the message just encoded at {@link #nextMessageOffset()}.
     *
     * @param eventTimeMicros    the message's eventTime, {@link io.binancedata.codec.EventTimes#NULL} when it has none
     * @param exchangeTimeMicros the time that dates it, never null
     * @param rawFrame index of the frame in the source batch, or -1 when it came from {@code rawText}
     * @param rawText  the frame fetched over REST (backfilled), or null for a live frame
     */
    public void commit(int messageLength, long eventTimeMicros, long exchangeTimeMicros, long receiveTimeMicros,
                       long sequence, int rawFrame, CharSequence rawText) {
        ensureEvents();
        offsets[count] = length;
        eventTimes[count] = eventTimeMicros;
        exchangeTimes[count] = exchangeTimeMicros;
        receiveTimes[count] = receiveTimeMicros;
        sequences[count] = sequence;
        rawFrames[count] = rawFrame;
        rawTexts[count] = rawText;
        if (rawText != null) {
            backfilledCount++;
        }
        length += SbeFraming.writeHeader(buffer, length, messageLength);
        count++;
    }

    public int templateId() {
        return templateId;
    }

    /** Number of messages. */
    public int count() {
        return count;
    }

    /** Bytes of all framed messages, from offset 0 of {@link #buffer()}. */
    public int length() {
        return length;
    }

    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /** Room for bytes now (for tests of the memory it keeps). */
    int byteCapacity() {
        return buffer.capacity();
    }

    /** Offset of message {@code i}'s framing header; the SBE message follows it. */
    public int frameOffset(int i) {
        return offsets[i];
    }

    /** Length of message {@code i}, framing header included. */
    public int frameLength(int i) {
        return (i + 1 < count ? offsets[i + 1] : length) - offsets[i];
    }

    /** Offset of message {@code i}'s SBE message header. */
    public int messageOffset(int i) {
        return offsets[i] + SbeFraming.HEADER_LENGTH;
    }

    /** Length of message {@code i} without its framing header. */
    public int messageLength(int i) {
        return frameLength(i) - SbeFraming.HEADER_LENGTH;
    }

    /** Event time of message {@code i}, µs; {@link io.binancedata.codec.EventTimes#NULL} when it has none. */
    public long eventTimeMicros(int i) {
        return eventTimes[i];
    }

    /**
     * Exchange time of message {@code i}, µs: its event time, or for a backfilled message (which has none) its trade
     * time, or its candle's close time + 1 ms. Dates it: the file sink files it under this time's UTC day.
     */
    public long exchangeTimeMicros(int i) {
        return exchangeTimes[i];
    }

    public long receiveTimeMicros(int i) {
        return receiveTimes[i];
    }

    /** Trade id (trades) or open time in µs (klines) of message {@code i}. */
    public long sequence(int i) {
        return sequences[i];
    }

    /** Whether message {@code i} was fetched over REST to fill a gap. */
    public boolean backfilled(int i) {
        return rawTexts[i] != null;
    }

    /** Messages fetched over REST in this batch. */
    public int backfilledCount() {
        return backfilledCount;
    }

    /** The raw frame message {@code i} was decoded from, as received (allocates: for dead letters). */
    public String rawFrame(int i) {
        Object text = rawTexts[i];
        return text != null ? text.toString() : source.text(rawFrames[i]);
    }

    /** Message {@code i}, framing header excluded, as a new array. */
    public byte[] messageBytes(int i) {
        byte[] bytes = new byte[messageLength(i)];
        buffer.getBytes(messageOffset(i), bytes);
        return bytes;
    }

    /** Every framed message, back to back, as a new array. */
    public byte[] toByteArray() {
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private void ensureEvents() {
        if (count == offsets.length) {
            int size = count * 2;
            offsets = Arrays.copyOf(offsets, size);
            eventTimes = Arrays.copyOf(eventTimes, size);
            exchangeTimes = Arrays.copyOf(exchangeTimes, size);
            receiveTimes = Arrays.copyOf(receiveTimes, size);
            sequences = Arrays.copyOf(sequences, size);
            rawFrames = Arrays.copyOf(rawFrames, size);
            rawTexts = Arrays.copyOf(rawTexts, size);
        }
    }

    @Override
    public String toString() {
        return "EventBatch[" + count + " messages, " + length + " bytes, " + backfilledCount + " backfilled]";
    }
}
