package io.binancedata.pipeline;

import io.binancedata.sbe.Source;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;

/**
 * What happens to every frame of one stream, in order, the one place to read it:
 * <ol>
 * <li><b>sequence guard</b> ({@link SequenceGuard}): a duplicate (the overlap of two connections) is dropped; a gap
 * is first filled with the missing events fetched over REST, in order;</li>
 * <li><b>decode</b> ({@link FrameDecoder}): the JSON is read straight into the stream's SBE encoder, strictly — a
 * frame that is not a valid event of the stream goes to the {@link FrameRejects dead letter} with its reason and
 * its raw text, and the next frame goes on; a frame the guard fetched over REST is written with source BACKFILL
 * and no event time (the SBE null value: REST has none);</li>
 * <li><b>emit filter</b>: a kline update whose candle is still open is dropped unless every update is wanted;</li>
 * <li><b>batch</b>: the message is kept, framed, in the {@link EventBatch} the sinks receive.</li>
 * </ol>
 * No Camel type here: the stream route wraps it in a thin processor. One per stream, used by one thread at a time;
 * allocation-free in steady state.
 */
public final class FramePipeline {
    private final SequenceGuard guard;
    private final FrameDecoder decoder;
    private final boolean emitAll;
    private final FrameRejects rejects;
    private final FrameView view = new FrameView();
    private final SequenceGuard.Delivery delivery = this::encode;
    private char[] scratch = new char[1024];
    private EventBatch out;

    /**
     * @param emitAll whether kline updates of open candles pass too ({@code binance.kline.emit=all})
     */
    public FramePipeline(SequenceGuard guard, FrameDecoder decoder, boolean emitAll, FrameRejects rejects) {
        this.guard = guard;
        this.decoder = decoder;
        this.emitAll = emitAll;
        this.rejects = rejects;
    }

    /** Runs every frame of {@code frames} through the pipeline into {@code events} (cleared first). */
    public void process(FrameBatch frames, EventBatch events) {
        events.reset(decoder.templateId(), frames);
        out = events;
        try {
            for (int i = 0, n = frames.count(); i < n; i++) {
                view.wrap(frames.chars(), frames.start(i), frames.end(i), i);
                guard.onFrame(view, frames.receiveTimeMicros(i), delivery);
            }
        } finally {
            out = null;
        }
    }

    public SequenceGuard guard() {
        return guard;
    }

    private void encode(CharSequence frame, boolean backfilled, long receiveTimeMicros) {
        char[] chars;
        int start;
        int end;
        int rawFrame;
        CharSequence rawText;
        if (frame == view) {
            chars = view.chars;
            start = view.start;
            end = view.end;
            rawFrame = view.index;
            rawText = null;
        } else {
            chars = copy(frame);
            start = 0;
            end = frame.length();
            rawFrame = -1;
            rawText = frame;
        }
        int length;
        try {
            length = decoder.decode(chars, start, end, receiveTimeMicros, backfilled ? Source.BACKFILL : Source.LIVE,
                    out.claim(decoder.maxEncodedLength()), out.nextMessageOffset());
        } catch (InvalidFrameException e) {
            rejects.reject(frame.toString(), receiveTimeMicros, "decode", e.getMessage());
            return;
        }
        if (emitAll || decoder.isFinal()) {
            out.commit(length, decoder.eventTimeMicros(), decoder.exchangeTimeMicros(), receiveTimeMicros,
                    decoder.sequence(), rawFrame, rawText);
        }
    }

    private char[] copy(CharSequence frame) {
        int n = frame.length();
        if (scratch.length < n) {
            scratch = new char[Math.max(n, scratch.length * 2)];
        }
        FrameBatch.copy(frame, scratch, 0);
        return scratch;
    }

    /** A live frame inside its {@link FrameBatch}, seen as text without copying it. */
    private static final class FrameView implements CharSequence {
        private char[] chars;
        private int start;
        private int end;
        private int index;

        void wrap(char[] chars, int start, int end, int index) {
            this.chars = chars;
            this.start = start;
            this.end = end;
            this.index = index;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int i) {
            return chars[start + i];
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new String(chars, start + from, to - from);
        }

        @Override
        public String toString() {
            return new String(chars, start, end - start);
        }
    }
}
