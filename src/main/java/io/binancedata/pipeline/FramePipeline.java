package io.binancedata.pipeline;

import io.binancedata.sbe.Source;
import io.binancedata.sequence.SequenceFields;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;

/**
 * What happens to every frame of one stream, in order, the one place to read it:
 * <ol>
 * <li><b>decode</b> ({@link FrameDecoder}): the JSON is read straight into the stream's SBE encoder, strictly — a
 * frame that is not a valid event of the stream goes to the {@link FrameRejects dead letter} with its reason and
 * its raw text, and the next frame goes on;</li>
 * <li><b>sequence guard</b> ({@link SequenceGuard}), on the fields the decoder read: a duplicate (the overlap of two
 * connections) is dropped; a gap is first filled with the missing events fetched over REST, in order, each decoded
 * the same way and written with source BACKFILL and no event time (the SBE null value: REST has none). While the
 * gap is being fetched (on the gap fetcher's thread), the batch ends before the frame that revealed it: the frame
 * and those after it are held ({@link FrameBatch#holdFrom}) and come back once the gap is ready;</li>
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
    private final SequenceGuard.Delivery delivery = this::backfilled;
    private final SequenceFields sequence = new SequenceFields();
    private char[] scratch = new char[1024];
    /** Frames the guard has handed back from REST so far: when it moves, the frame being judged is decoded again. */
    private long backfilledFrames;
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

    /**
     * Runs the frames of {@code frames} through the pipeline into {@code events} (cleared first), up to the first one
     * whose gap is being fetched, if any: that frame and the later ones are then held in the batch
     * ({@link FrameBatch#held()}), for the drain to bring back once the stream is woken. A catch-up asked for with the
     * frames ({@link FrameBatch#catchUpTradeId()}: trades a data-stall probe found the connection did not deliver) runs
     * first; while it is being fetched, every frame is held and the catch-up stays asked for.
     */
    public void process(FrameBatch frames, EventBatch events) {
        events.reset(decoder.templateId(), frames);
        out = events;
        try {
            long catchUp = frames.catchUpTradeId();
            if (catchUp != FrameBatch.NO_CATCH_UP) {
                long found = frames.catchUpMicros();
                frames.catchUpDone(); // asked for again only while it waits: a failure must not leave it hanging
                if (guard.catchUp(catchUp, found, delivery) == SequenceGuard.Admission.WAIT) {
                    frames.catchUpTo(catchUp, found);
                    if (frames.count() > 0) {
                        frames.holdFrom(0);
                    }
                    return;
                }
            }
            for (int i = 0, n = frames.count(); i < n; i++) {
                if (!live(frames, i)) {
                    frames.holdFrom(i);
                    return;
                }
            }
        } finally {
            out = null;
        }
    }

    public SequenceGuard guard() {
        return guard;
    }

    /**
     * One live frame: decoded first, so that the guard judges it by the fields the decoder read (no second pass over
     * the frame); kept only if the guard lets it through. When the guard fills a gap first, the gap's events take the
     * place the frame was decoded into, and the frame is decoded again behind them. A frame that does not decode is
     * dead-lettered and leaves the guard where it was: what it claims cannot be trusted, so a trade it may have
     * carried is fetched over REST as part of the gap the next good frame reveals.
     *
     * @return false when the frame's gap is being fetched: the frame waits, and so do the frames after it
     */
    private boolean live(FrameBatch frames, int i) {
        view.wrap(frames.chars(), frames.start(i), frames.end(i));
        long receiveTime = frames.receiveTimeMicros(i);
        int length;
        try {
            length = decode(view.chars, view.start, view.end, false, receiveTime);
        } catch (InvalidFrameException e) {
            rejects.reject(view.toString(), receiveTime, "decode", e.getMessage());
            return true;
        }
        decoder.sequenceFields(sequence);
        long before = backfilledFrames;
        SequenceGuard.Admission admission = guard.admit(sequence, receiveTime, delivery);
        if (admission != SequenceGuard.Admission.DELIVER) {
            return admission == SequenceGuard.Admission.DROP;
        }
        if (backfilledFrames != before) {
            length = decode(view.chars, view.start, view.end, false, receiveTime);
        }
        keep(length, receiveTime, i, null);
        return true;
    }

    /** A frame the guard fetched over REST to fill a gap. */
    private void backfilled(CharSequence frame, boolean backfilled, long receiveTime) {
        backfilledFrames++;
        char[] chars = copy(frame);
        int length;
        try {
            length = decode(chars, 0, frame.length(), backfilled, receiveTime);
        } catch (InvalidFrameException e) {
            rejects.reject(frame.toString(), receiveTime, "decode", e.getMessage());
            return;
        }
        keep(length, receiveTime, -1, frame);
    }

    private int decode(char[] chars, int start, int end, boolean backfilled, long receiveTime) {
        return decoder.decode(chars, start, end, receiveTime, backfilled ? Source.BACKFILL : Source.LIVE,
                out.claim(decoder.maxEncodedLength()), out.nextMessageOffset());
    }

    /** The emit filter, then the message joins the batch. */
    private void keep(int length, long receiveTime, int rawFrame, CharSequence rawText) {
        if (emitAll || decoder.isFinal()) {
            out.commit(length, decoder.eventTimeMicros(), decoder.exchangeTimeMicros(), receiveTime,
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

        void wrap(char[] chars, int start, int end) {
            this.chars = chars;
            this.start = start;
            this.end = end;
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
