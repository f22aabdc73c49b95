package io.binancedata.ws;

import java.nio.CharBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

import io.binancedata.stream.FrameBatch;

/**
 * One stream a shared connection carries for a hot standby ({@code binance.cluster.hot-standby}): while no route of
 * this instance runs the stream (another instance leads its group), its frames are kept for the last
 * {@code retention} — nothing else is done with them; once a route starts the stream here (a take-over), the frames
 * kept are handed to the route first, in order, and every later frame goes straight to it. So an instance that takes
 * a group over starts each stream with the frames of the moments before, already read: its sequence guard drops those
 * the previous leader wrote (duplicates) and finds no gap to fetch over REST, where a cold take-over would fetch the
 * whole hand-over's trades. A frame kept is never more than a head start: a gap in what was kept (a lost connection,
 * frames older than the retention) is found and filled by the sequence guard as always.
 * <p>
 * It stands between the connection and the route for the whole life of the subscription, through rotations (the pool
 * moves this object, not the route's handler). When the route stops and the standby is still wanted, it goes back to
 * keeping frames. Thread-safe: frames and connection events arrive on the connection's thread, {@link #adopt} and
 * {@link #release} come from the pool's callers, all under this object's monitor, so no frame is lost or reordered
 * between the frames kept and the live ones.
 * <p>
 * Memory: frames are copied into segments of {@value #SEGMENT_FRAMES} frames ({@link FrameBatch}es, reused); a segment
 * whose newest frame is older than the retention (on the receive times of the frames arriving) is dropped — except
 * while a take-over of the stream is under way ({@link #hold}) — and so is the oldest segment when more than
 * {@code maxFrames} are kept.
 */
final class StandbyStream implements StreamConnection.FrameHandler, CombinedConnection.StreamListener {
    /** Frames per segment of the kept frames. */
    static final int SEGMENT_FRAMES = 256;

    /** The last thing the connection said about the subscription, told to a route that adopts it. */
    private enum Said { NOTHING, SUBSCRIBED, LOST, FAILED, REFUSED }

    private final String stream;
    private final long retentionMicros;
    private final int maxFrames;
    private final ArrayDeque<FrameBatch> segments = new ArrayDeque<>();
    /** A dropped segment, cleared, for the next one needed. */
    private FrameBatch spare;
    private int kept;
    /** The route's handler and listener while a route runs the stream here; null while frames are kept. */
    private StreamConnection.FrameHandler route;
    private CombinedConnection.StreamListener routeListener;
    private Said said = Said.NOTHING;
    private String cause;
    /** A take-over of the stream is under way: frames older than the retention are kept too (up to maxFrames). */
    private boolean held;
    /** When ({@link System#nanoTime}) the exchange refused the subscription; -1 unless that is the last word. */
    private long refusedAtNanos = -1;

    /**
     * @param retentionMicros how long a frame is kept (µs of receive time)
     * @param maxFrames       most frames kept (at least {@value #SEGMENT_FRAMES})
     */
    StandbyStream(String stream, long retentionMicros, int maxFrames) {
        if (retentionMicros <= 0 || maxFrames < SEGMENT_FRAMES) {
            throw new IllegalArgumentException("retention " + retentionMicros + " µs, max frames " + maxFrames);
        }
        this.stream = stream;
        this.retentionMicros = retentionMicros;
        this.maxFrames = maxFrames;
    }

    @Override
    public synchronized boolean onFrame(CharSequence frame, long receiveTimeMicros, Runnable resume) {
        if (route != null) {
            return route.onFrame(frame, receiveTimeMicros, resume);
        }
        keep(frame, receiveTimeMicros);
        return true;
    }

    private void keep(CharSequence frame, long receiveTimeMicros) {
        FrameBatch tail = segments.peekLast();
        if (tail == null || tail.count() >= SEGMENT_FRAMES) {
            tail = spare != null ? spare : new FrameBatch();
            spare = null;
            segments.addLast(tail);
        }
        tail.append(frame, receiveTimeMicros);
        kept++;
        while (segments.size() > 1) {
            FrameBatch head = segments.peekFirst();
            boolean stale = !held && head.receiveTimeMicros(head.count() - 1) < receiveTimeMicros - retentionMicros;
            if (!stale && kept <= maxFrames) {
                break;
            }
            segments.removeFirst();
            kept -= head.count();
            head.clear();
            spare = head;
        }
    }

    /**
     * A route runs the stream here from now on: the frames kept go to {@code handler} first, in order (it is not
     * asked to pause for them), then every frame the connection delivers; the subscription's state is told to
     * {@code listener} (confirmed, failed, refused) and from then on every change.
     */
    synchronized void adopt(StreamConnection.FrameHandler handler, CombinedConnection.StreamListener listener) {
        if (route != null) {
            throw new IllegalStateException("stream " + stream + " is run by a route already");
        }
        for (FrameBatch segment : segments) {
            char[] chars = segment.chars();
            for (int i = 0; i < segment.count(); i++) {
                int start = segment.start(i);
                handler.onFrame(CharBuffer.wrap(chars, start, segment.end(i) - start), segment.receiveTimeMicros(i),
                        null);
            }
        }
        forget(); // and their memory dropped: a route running the stream keeps nothing here
        route = handler; // still held until the take-over ends (hold(false)): a route it rolls back is started again
        routeListener = listener;
        switch (said) {
            case SUBSCRIBED -> listener.subscribed(stream);
            case FAILED -> listener.failed(stream, cause);
            case REFUSED -> listener.subscriptionFailed(stream, cause);
            default -> { } // nothing said yet, or reconnecting: its confirmation follows
        }
    }

    /**
     * While a take-over of the stream is under way (its group fenced, where its writes ended read, its route started —
     * for a large take-over longer than the retention), no frame is dropped for its age, only beyond the most frames:
     * the route gets every frame since the hand-over however long the take-over took — also when a route of it is
     * rolled back (stopped: frames kept again) and started again. {@code false} again when the take-over is over, done
     * or failed.
     */
    synchronized void hold(boolean taking) {
        held = taking;
    }

    /** Whether a take-over of the stream is under way ({@link #hold}). */
    synchronized boolean held() {
        return held;
    }

    /** Drops the frames kept: a route that starts the stream outside a take-over begins with the live ones. */
    synchronized void forget() {
        segments.clear();
        spare = null;
        kept = 0;
    }

    /** The route stopped: frames are kept again from now on (none of the route's). */
    synchronized void release() {
        route = null;
        routeListener = null;
    }

    /** The stream's name, e.g. {@code btcusdt@trade}. */
    String name() {
        return stream;
    }

    /** Whether a route runs the stream here. */
    synchronized boolean adopted() {
        return route != null;
    }

    /** Whether the exchange has confirmed the subscription (and the connection has not been lost since). */
    synchronized boolean confirmed() {
        return said == Said.SUBSCRIBED;
    }

    /** When ({@link System#nanoTime}) the exchange refused the subscription, if that is what it said last; else -1. */
    synchronized long refusedAtNanos() {
        return said == Said.REFUSED ? refusedAtNanos : -1;
    }

    /** Frames kept now. */
    synchronized int kept() {
        return kept;
    }

    @Override
    public synchronized void subscribed(String name) {
        tell(Said.SUBSCRIBED, null, route -> route.subscribed(name));
    }

    @Override
    public synchronized void subscriptionFailed(String name, String why) {
        refusedAtNanos = System.nanoTime();
        tell(Said.REFUSED, why, route -> route.subscriptionFailed(name, why));
    }

    @Override
    public synchronized void lost(String name, String why) {
        tell(Said.LOST, why, route -> route.lost(name, why));
    }

    @Override
    public synchronized void failed(String name, String why) {
        tell(Said.FAILED, why, route -> route.failed(name, why));
    }

    @Override
    public synchronized void rotated(String name) {
        tell(Said.SUBSCRIBED, null, route -> route.rotated(name));
    }

    /** Remembers what the connection said and tells the route's listener, if a route runs the stream. */
    private void tell(Said what, String why, Consumer<CombinedConnection.StreamListener> event) {
        said = what;
        cause = why;
        if (routeListener != null) {
            event.accept(routeListener);
        }
    }
}
