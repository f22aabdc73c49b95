package io.binancedata.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of every stream a connection is subscribed to, due-earliest first: the streams asked for at the
 * upgrade ({@code /ws/<stream>}, {@code /stream?streams=a/b}) and those added and removed later by SUBSCRIBE and
 * UNSUBSCRIBE. On a combined connection ({@code /stream}) each frame is wrapped as
 * {@code {"stream":"<name>","data":<event>}}; on a raw one ({@code /ws}) it goes bare, as Binance does. Used on the
 * connection's event loop only.
 */
final class SubscribedFrameSource implements FrameSource {
    private final boolean combined;
    private final Map<String, FrameSource> sources = new LinkedHashMap<>();
    private FrameSource chosen;
    private Frame next;

    SubscribedFrameSource(boolean combined) {
        this.combined = combined;
    }

    /** Whether the connection is subscribed to {@code stream}. */
    boolean has(String stream) {
        return sources.containsKey(stream);
    }

    /** Subscribes {@code stream} to {@code source}; a stream subscribed already keeps its source. */
    void add(String stream, FrameSource source) {
        if (sources.putIfAbsent(stream, source) == null) {
            forgetPeeked(); // the new stream's next frame may be due earlier
        }
    }

    /** Unsubscribes {@code stream}; returns its source, null when it was not subscribed. */
    FrameSource remove(String stream) {
        FrameSource removed = sources.remove(stream);
        if (removed != null) {
            forgetPeeked();
        }
        return removed;
    }

    /** A frame of one stream as this connection sends it (wrapped on a combined connection). */
    Frame asSent(Frame frame) {
        return combined ? new Frame(frame.stream(), frame.time(), wrap(frame.stream(), frame.text())) : frame;
    }

    /** The subscribed streams in the order they were subscribed. */
    List<String> streams() {
        return new ArrayList<>(sources.keySet());
    }

    int size() {
        return sources.size();
    }

    @Override
    public Frame peek() {
        if (next == null) {
            Frame earliest = null;
            for (FrameSource source : sources.values()) {
                Frame frame = source.peek();
                if (frame != null && (earliest == null || frame.time() < earliest.time())) {
                    earliest = frame;
                    chosen = source;
                }
            }
            if (earliest != null) {
                next = asSent(earliest);
            }
        }
        return next;
    }

    @Override
    public void onSending() {
        if (chosen != null) {
            chosen.onSending();
        }
    }

    /**
     * Moves past the frame just sent. Sending it may have changed the subscriptions (a socket that failed to write
     * closes and unsubscribes everything at once): nothing is then left to move.
     */
    @Override
    public void advance() {
        if (chosen != null) {
            chosen.advance();
        }
        forgetPeeked();
    }

    private void forgetPeeked() {
        chosen = null;
        next = null;
    }

    static String wrap(String stream, String data) {
        return "{\"stream\":" + FakeJson.quote(stream) + ",\"data\":" + data + "}";
    }
}
