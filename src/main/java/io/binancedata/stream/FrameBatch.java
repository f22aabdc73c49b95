package io.binancedata.stream;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * The raw text frames one stream's socket delivered since the last hand-over, back to back in one reused
 * {@code char[]}, each with the time this process read it. Filled by the socket's reader, read by the stream's
 * frame pipeline; never shared between the two at once (see {@code ws.FrameInbox}). Appending copies the frame's
 * characters and allocates nothing once the arrays have grown to the stream's usual batch.
 */
public final class FrameBatch {
    /** {@link #catchUpTradeId()} when no catch-up is asked for. */
    public static final long NO_CATCH_UP = -1;
    private static final int INITIAL_FRAMES = 16;
    /** Room for a few frames: a whole-exchange process has two per stream, 6,000 of them; busy streams grow theirs. */
    private static final int INITIAL_CHARS = 1024;

    private char[] chars = new char[INITIAL_CHARS];
    private int[] starts = new int[INITIAL_FRAMES];
    private int[] ends = new int[INITIAL_FRAMES];
    private long[] receiveTimes = new long[INITIAL_FRAMES];
    /** Frames appended. */
    private int size;
    private int length;
    /** The window the accessors see: frames {@code [first, first + count)}; all of them unless {@link #window} says. */
    private int first;
    private int count;
    /** Frames at the end of the window the pipeline held back (their gap is being fetched); 0 normally. */
    private int held;
    private final BatchShrinking shrinking = new BatchShrinking();
    /**
     * A catch-up asked for with the frames (a trade id the exchange has that the connection did not deliver, and when it
     * was found), run before them; {@link #NO_CATCH_UP} when none.
     */
    private long catchUpTradeId = NO_CATCH_UP;
    private long catchUpMicros;

    /**
     * Asks the pipeline to fetch the trades up to {@code tradeId} that the connection did not deliver, before the
     * frames of this batch (which came after they were found missing); the highest id asked for wins.
     */
    public void catchUpTo(long tradeId, long foundMicros) {
        if (tradeId > catchUpTradeId) {
            catchUpTradeId = tradeId;
            catchUpMicros = foundMicros;
        }
    }

    /** The trade id of the catch-up asked for, {@link #NO_CATCH_UP} when none (or done). */
    public long catchUpTradeId() {
        return catchUpTradeId;
    }

    /** When the catch-up's missing trades were found, µs since the epoch. */
    public long catchUpMicros() {
        return catchUpMicros;
    }

    /** The pipeline has run the catch-up. */
    public void catchUpDone() {
        catchUpTradeId = NO_CATCH_UP;
    }

    /** Whether there is anything to run: a frame, or a catch-up. */
    public boolean isEmpty() {
        return size == 0 && catchUpTradeId == NO_CATCH_UP;
    }

    /** Number of frames held (in the {@link #window}, when one is set). */
    public int count() {
        return count;
    }

    /**
     * Limits what the accessors see to frames {@code [from, to)} of those appended, re-numbered from 0: a batch that
     * grew beyond the route's bound (the socket delivers what it was asked for before it stops) goes through in
     * several exchanges. Cleared by {@link #clear()}; an append shows every frame again.
     */
    public void window(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("window [" + from + ", " + to + ") of " + size + " frames");
        }
        first = from;
        count = to - from;
        held = 0;
    }

    /**
     * The pipeline stops at frame {@code frame} of the window: it and the frames after it wait for a gap being fetched,
     * and are to be run again, first, when the stream is woken (see {@link #retainHeld}).
     */
    public void holdFrom(int frame) {
        if (frame < 0 || frame >= count) {
            throw new IndexOutOfBoundsException("frame " + frame + " of a window of " + count);
        }
        held = count - frame;
    }

    /** Frames of the window held back by {@link #holdFrom}; 0 when the pipeline went through all of them. */
    public int held() {
        return held;
    }

    /**
     * Keeps only the frames held back in the window and the frames appended after the window, dropping those before
     * them (run already), and a catch-up not yet run, then appends every frame of {@code newer} and takes its catch-up:
     * the held frames come first again, in order.
     * Characters are moved down; no allocation once the arrays have grown.
     */
    public void retainHeld(FrameBatch newer) {
        int from = first + count - held;
        int charsFrom = from < size ? starts[from] : length;
        int frames = size - from;
        System.arraycopy(chars, charsFrom, chars, 0, length - charsFrom);
        for (int i = 0; i < frames; i++) {
            starts[i] = starts[from + i] - charsFrom;
            ends[i] = ends[from + i] - charsFrom;
            receiveTimes[i] = receiveTimes[from + i];
        }
        size = frames;
        length -= charsFrom;
        first = 0;
        count = size;
        held = 0;
        catchUpTo(newer.catchUpTradeId, newer.catchUpMicros);
        for (int i = 0; i < newer.size; i++) {
            int n = newer.ends[i] - newer.starts[i];
            ensureFrames();
            ensureChars(n);
            System.arraycopy(newer.chars, newer.starts[i], chars, length, n);
            appended(n, newer.receiveTimes[i]);
        }
    }

    /** The characters of every frame; frame {@code i} is {@code [start(i), end(i))}. */
    public char[] chars() {
        return chars;
    }

    public int start(int frame) {
        return starts[first + frame];
    }

    public int end(int frame) {
        return ends[first + frame];
    }

    /** When this process read frame {@code i}, microseconds since the epoch. */
    public long receiveTimeMicros(int frame) {
        return receiveTimes[first + frame];
    }

    /** Frame {@code i} as a new String: for the rare paths (dead letters, logs), never per frame. */
    public String text(int frame) {
        return new String(chars, start(frame), end(frame) - start(frame));
    }

    /** Appends one whole frame. */
    public void append(CharSequence frame, long receiveTimeMicros) {
        int n = frame.length();
        ensureFrames();
        ensureChars(n);
        copy(frame, chars, length);
        appended(n, receiveTimeMicros);
    }

    /**
     * Appends one whole frame read back from a stream's spill on disk: its {@code chars} characters, two bytes each, at
     * {@code source}'s position (advanced past them).
     */
    public void append(ByteBuffer source, int chars, long receiveTimeMicros) {
        ensureFrames();
        ensureChars(chars);
        for (int i = 0; i < chars; i++) {
            this.chars[length + i] = source.getChar();
        }
        appended(chars, receiveTimeMicros);
    }

    /** Records the frame whose {@code n} characters were just copied after the others; every frame is seen again. */
    private void appended(int n, long receiveTimeMicros) {
        starts[size] = length;
        ends[size] = length + n;
        receiveTimes[size] = receiveTimeMicros;
        length += n;
        size++;
        first = 0;
        count = size;
        held = 0;
    }

    /**
     * Forgets every frame; the arrays are kept for the next batch, unless they have long been far larger than the
     * batches need ({@link BatchShrinking}).
     */
    public void clear() {
        if (shrinking.shrinkNow(length, chars.length, INITIAL_CHARS)) {
            chars = new char[INITIAL_CHARS];
            starts = new int[INITIAL_FRAMES];
            ends = new int[INITIAL_FRAMES];
            receiveTimes = new long[INITIAL_FRAMES];
        }
        size = 0;
        length = 0;
        first = 0;
        count = 0;
        held = 0;
        catchUpTradeId = NO_CATCH_UP;
    }

    /** Room for characters now (for tests of the memory it keeps). */
    int charCapacity() {
        return chars.length;
    }

    /** Copies the characters of {@code frame} into {@code target} from {@code at}, without allocating. */
    public static void copy(CharSequence frame, char[] target, int at) {
        int n = frame.length();
        if (frame instanceof String s) {
            s.getChars(0, n, target, at);
        } else if (frame instanceof CharBuffer buffer && buffer.hasArray()) {
            System.arraycopy(buffer.array(), buffer.arrayOffset() + buffer.position(), target, at, n);
        } else {
            for (int i = 0; i < n; i++) {
                target[at + i] = frame.charAt(i);
            }
        }
    }

    private void ensureFrames() {
        if (size == starts.length) {
            int grown = size * 2;
            starts = Arrays.copyOf(starts, grown);
            ends = Arrays.copyOf(ends, grown);
            receiveTimes = Arrays.copyOf(receiveTimes, grown);
        }
    }

    private void ensureChars(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }
}
