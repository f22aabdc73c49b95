package io.binancedata.ws;

import io.binancedata.stream.FrameBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk overflow of one stream's {@link FrameInbox}, so that the socket is read at the stream's pace while the
 * drain is held up (a slow sink, a long backfill): once the inbox holds its bound of frames in memory, every further
 * frame is appended here, and keeps being appended here while frames wait here, so the drain reads them back in
 * order — after the older frames in memory, before the newer ones that go to memory once this is empty again. Memory
 * stays bounded; the disk is bounded by {@code maxBytes}: when the files reach it, {@link #append} tells the reader
 * to pause (the frames it already requested are still taken) and runs its resume once the drain has freed room.
 * <p>
 * Frames here are not replayed after the process dies, nor after a disk error: both are covered by the stream's
 * sequence guard, which fetches every trade (or closed candle) after its checkpoint (which never passes a frame not yet
 * through the sinks) over REST when the next frame shows the gap. A start deletes what an earlier run left, with a
 * WARN; a disk error drops the frames here with an ERROR.
 * <p>
 * Threads: {@link #append} and {@link #holdsFrames} by the reader (under the inbox's lock), {@link #read} by the
 * drain, one at a time each. No Camel type here.
 */
public final class FrameSpill implements AutoCloseable {
    /** What a spill reports; e.g. to the stream's counters. Called under the spill's lock: keep it short. */
    public interface Listener {
        /** A frame was appended to the files. */
        void onSpilled();

        /** The files reached their bound: the reader pauses. */
        void onFull();
    }

    private static final Logger LOG = LoggerFactory.getLogger(FrameSpill.class);
    private static final long MAX_SEGMENT_BYTES = 16L << 20;
    /** The smallest bound: four segments of 64 KiB. */
    public static final long MIN_BYTES = 256L << 10;

    private final String name;
    private final SpillFiles files;
    private final long maxBytes;
    private final Listener listener;
    private final Object lock = new Object();
    private long framesWritten;
    private long framesRead;
    private long dropped;
    private Runnable paused;
    private boolean full;
    private boolean warned;
    private IOException broken;
    private boolean closed;

    private FrameSpill(String name, SpillFiles files, long maxBytes, Listener listener) {
        this.name = name;
        this.files = files;
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    /**
     * Opens the spill of stream {@code name} in {@code directory} (created if missing), deleting what an earlier run
     * left there (with a WARN: those frames are fetched again by the sequence guard).
     *
     * @param maxBytes bound on the files, at least {@link #MIN_BYTES}; segment files are a quarter of it, at most 16 MiB
     */
    public static FrameSpill open(Path directory, String name, long maxBytes, Listener listener) throws IOException {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + MIN_BYTES + ", was " + maxBytes);
        }
        Files.createDirectories(directory);
        List<Path> left = SpillFiles.leftovers(directory, name);
        if (!left.isEmpty()) {
            long bytes = 0;
            for (Path file : left) {
                bytes += Files.size(file);
                Files.delete(file);
            }
            LOG.warn("Stream {}: {} bytes of frames spilled by an earlier run were never processed; deleted them: the "
                    + "sequence guard fetches what they held over REST from its checkpoint", name, bytes);
        }
        SpillFiles files = new SpillFiles(directory, name, Math.min(MAX_SEGMENT_BYTES, maxBytes / 4));
        return new FrameSpill(name, files, maxBytes, listener);
    }

    /** Whether frames wait here (or a disk error is still to be cleared): a new frame must then come here too. */
    public boolean holdsFrames() {
        synchronized (lock) {
            return !closed && (framesWritten > framesRead || broken != null);
        }
    }

    /** Frames appended and not yet read back. */
    public long pendingFrames() {
        synchronized (lock) {
            return framesWritten - framesRead;
        }
    }

    /** Bytes in the files now. */
    public long diskBytes() {
        synchronized (lock) {
            return files.diskBytes();
        }
    }

    /**
     * Appends one frame behind those waiting here.
     *
     * @param resume run (once, by the drain) when there is room again, if this returns false; null: never pause
     * @return true when the reader may read on; false when the files reached their bound
     */
    public boolean append(CharSequence frame, long receiveTimeMicros, Runnable resume) {
        synchronized (lock) {
            if (closed || broken != null) {
                dropped++;
                return true;
            }
            try {
                files.write(frame, receiveTimeMicros);
            } catch (IOException e) {
                broken = e;
                dropped++;
                LOG.error("Stream {}: cannot spill frames to {}; dropping them until the drain has cleared the spill "
                        + "(the sequence guard fetches them over REST at the next frame)", name, files.directory(), e);
                return true;
            }
            framesWritten++;
            listener.onSpilled();
            if (resume == null || files.diskBytes() < maxBytes) {
                return true;
            }
            paused = resume;
            if (!full) {
                full = true;
                listener.onFull();
                if (!warned) {
                    warned = true;
                    LOG.warn("Stream {}: {} bytes of frames spilled to {} (the bound); the socket is read no further "
                            + "until the route has caught up", name, files.diskBytes(), files.directory());
                }
            }
            return false;
        }
    }

    /**
     * Moves up to {@code max} of the oldest frames waiting here into {@code batch} (drain only) and, once there is
     * room again, resumes a paused reader.
     *
     * @return the frames moved
     */
    public int read(FrameBatch batch, int max) {
        long available;
        long endSegment;
        long endOffset;
        synchronized (lock) {
            available = framesWritten - framesRead;
            if (closed || broken != null || available == 0) {
                clearBroken();
                return 0;
            }
            try {
                files.flush();
            } catch (IOException e) {
                discard(e);
                return 0;
            }
            endSegment = files.writeSegment();
            endOffset = files.writeOffset();
        }
        int n = 0;
        try {
            while (n < max && n < available) {
                if (!files.next(batch, endSegment, endOffset)) {
                    throw new IOException("the spill files end before the frame " + (framesRead + n + 1));
                }
                n++;
            }
        } catch (IOException e) {
            synchronized (lock) {
                framesRead += n;
                discard(e);
            }
            return n;
        }
        return afterRead(n);
    }

    private int afterRead(int n) {
        Runnable resume = null;
        synchronized (lock) {
            framesRead += n;
            if (framesRead == framesWritten) {
                try {
                    files.reset();
                    warned = false;
                } catch (IOException e) {
                    discard(e);
                }
            }
            if (paused != null && files.diskBytes() < maxBytes) {
                resume = paused;
                paused = null;
                full = false;
            }
        }
        if (resume != null) {
            resume.run();
        }
        return n;
    }

    /** Under the lock: forgets every frame here after a disk error, and resumes a paused reader. */
    private void discard(IOException cause) {
        long lost = framesWritten - framesRead;
        framesRead = framesWritten;
        try {
            files.discard();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        LOG.error("Stream {}: spilled frames could not be read back from {}; {} dropped (the sequence guard fetches "
                + "them over REST at the next frame)", name, files.directory(), lost, cause);
        resumeLater();
    }

    /** Under the lock: after a write error, starts the files again once the drain got here. */
    private void clearBroken() {
        if (broken == null || closed) {
            return;
        }
        framesRead = framesWritten;
        try {
            files.discard();
            LOG.warn("Stream {}: spill cleared after a disk error; {} frames were dropped", name, dropped);
            broken = null;
            dropped = 0;
        } catch (IOException e) {
            LOG.error("Stream {}: the spill in {} cannot be cleared", name, files.directory(), e);
        }
        resumeLater();
    }

    private void resumeLater() {
        Runnable resume = paused;
        paused = null;
        full = false;
        if (resume != null) {
            resume.run();
        }
    }

    /**
     * Deletes the files; frames still waiting here are dropped with a WARN (the next start fetches them again). A
     * reader paused at the bound reads on: the stream has left its connection, which may carry others.
     */
    @Override
    public void close() {
        Runnable resume;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            resume = paused;
            paused = null;
            long left = framesWritten - framesRead;
            if (left > 0) {
                LOG.warn("Stream {}: stopped with {} spilled frames not processed; the sequence guard fetches them over "
                        + "REST from its checkpoint at the next start", name, left);
            }
            try {
                files.close();
            } catch (IOException e) {
                LOG.warn("Stream {}: cannot delete the spill files in {}", name, files.directory(), e);
            }
        }
        if (resume != null) {
            resume.run();
        }
    }
}
