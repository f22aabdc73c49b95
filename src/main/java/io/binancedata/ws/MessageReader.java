package io.binancedata.ws;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Reads the text messages of one Vert.x WebSocket, for {@link StreamConnection} (one stream) and
 * {@link CombinedConnection} (many): assembles a message from its frames, decodes its UTF-8 into re-used arrays
 * ({@link TextMessageDecoder}), stamps it with the time its first frame arrived, and hands it on; a message over
 * {@link StreamConnection#MAX_MESSAGE_BYTES} or of malformed UTF-8 breaks the connection (nothing after it is read).
 * <p>
 * Back-pressure: when the {@link Listener} says "wait", the socket is paused until the listener runs
 * {@link #resume()} — which may run on any thread, even before the reader has paused the socket: whichever of the two
 * comes second reads on, so reading never stays paused for good.
 * <p>
 * Threads: {@link #onFrame} on the socket's event loop only; {@link #resume()}, {@link #paused()} and
 * {@link #resumedAtNanos()} from any thread.
 */
final class MessageReader {
    /** What the reader hands on. */
    interface Listener {
        /**
         * @param message valid only during the call
         * @return true to read the next message now, false to wait for {@link MessageReader#resume()}
         */
        boolean onMessage(CharBuffer message, long receiveTimeMicros);

        /** The exchange broke the protocol (named by {@code cause}); nothing more is read. */
        void onBroken(String cause);
    }

    /** {@link #reading}: the socket is read. */
    private static final int READING = 0;
    /** {@link #reading}: the listener said "wait" and the socket is paused until it runs {@link #resume()}. */
    private static final int PAUSED = 1;
    /** {@link #reading}: the listener ran {@link #resume()} before the reader had paused the socket. */
    private static final int RESUMED_EARLY = 2;

    private final EpochNanoClock clock;
    private final Listener listener;
    private final TextMessageDecoder text = new TextMessageDecoder(StreamConnection.MAX_MESSAGE_BYTES);
    private final AtomicInteger reading = new AtomicInteger(READING);
    private final Runnable resume = this::readMore;
    private volatile WebSocket socket;
    private volatile long resumedAtNanos = -1;
    /** Reader only: the frames now arriving continue a text message (not a binary one). */
    private boolean inText;
    /** Reader only: when the first frame of the text message being read arrived, in epoch microseconds. */
    private long messageReceiveTime;
    /** Reader only: the connection broke the protocol; what else it delivers is ignored. */
    private boolean broken;

    MessageReader(EpochNanoClock clock, Listener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** The socket whose frames {@link #onFrame} receives; before the first frame. */
    void attach(WebSocket webSocket) {
        this.socket = webSocket;
    }

    /** The callback to hand a listener that said "wait": reading resumes when it runs (once). */
    Runnable resume() {
        return resume;
    }

    boolean paused() {
        return reading.get() == PAUSED;
    }

    /** System.nanoTime() of the last {@link #resume()}, -1 before the first. */
    long resumedAtNanos() {
        return resumedAtNanos;
    }

    /**
     * One frame of the socket, in order.
     *
     * @return whether it was a text message's (ping, pong, close and binary frames are the caller's)
     */
    boolean onFrame(WebSocketFrame frame) {
        if (!(frame.isText() || frame.isContinuation() && inText)) {
            return false;
        }
        if (broken) {
            return true;
        }
        if (frame.isText()) {
            inText = true;
            messageReceiveTime = clock.nanoTime() / 1000;
        }
        if (!text.append(frame.binaryData())) {
            broke("a text message larger than " + text.maxBytes() + " bytes");
            return true;
        }
        if (!frame.isFinal()) {
            return true;
        }
        inText = false;
        CharBuffer message;
        try {
            message = text.decode();
        } catch (CharacterCodingException e) {
            broke("a text message that is not valid UTF-8 (" + StreamConnection.describe(e) + ")");
            return true;
        }
        if (!listener.onMessage(message, messageReceiveTime)) {
            pause();
        }
        return true;
    }

    private void broke(String cause) {
        broken = true;
        text.discard();
        listener.onBroken(cause);
    }

    /** Stops reading until the listener runs {@link #resume()} (which may already have run). */
    private void pause() {
        WebSocket ws = socket;
        ws.pause();
        if (!reading.compareAndSet(READING, PAUSED)) {
            reading.set(READING); // resumed before the socket was paused: read on
            ws.resume();
        }
    }

    private void readMore() {
        resumedAtNanos = System.nanoTime();
        while (true) {
            if (reading.compareAndSet(PAUSED, READING)) {
                socket.resume(); // thread-safe: Vert.x goes on reading on the socket's event loop
                return;
            }
            if (reading.compareAndSet(READING, RESUMED_EARLY) || reading.get() == RESUMED_EARLY) {
                return;
            }
        }
    }
}
