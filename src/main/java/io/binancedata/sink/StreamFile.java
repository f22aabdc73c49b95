package io.binancedata.sink;

import io.binancedata.codec.SbeFraming;
import io.binancedata.stream.DurableWrites;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file one stream is appending to: its folder, the UTC day currently open and the open channel. All state is
 * guarded by the stream's own lock, so a stream's writer and an evicting thread never touch the channel at once.
 * Each message is copied behind its framing header into a direct buffer owned by the stream and written in one go.
 */
final class StreamFile {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFile.class);
    private static final int INITIAL_FRAME_CAPACITY = 2048;
    /** Bytes read at a time when a file's frames are walked ({@link #wholeFramesLength}). */
    private static final int SCAN_CHUNK = 64 * 1024;

    private final Path directory;
    private final FramedFileStore owner;
    private final ReentrantLock lock = new ReentrantLock();
    private ByteBuffer frame = ByteBuffer.allocateDirect(INITIAL_FRAME_CAPACITY);
    /** {@link #frame}'s memory, for {@link SbeFraming#writeHeader}. */
    private final UnsafeBuffer frameBuffer = new UnsafeBuffer(frame);
    private FileChannel channel;
    private Path file;
    private long epochDay;
    private long size;
    private volatile long lastUsedNanos;
    /** Bytes were written to the open channel since it was last forced (only when writes are not each forced). */
    private boolean unforced;
    /** A day file (and maybe its folders) was created since the folders were last forced. */
    private boolean unforcedEntries;
    /** The days whose file this stream has opened (and checked for a torn last frame) in this process. */
    private final Set<Long> verifiedDays = new HashSet<>();

    StreamFile(Path directory, FramedFileStore owner) {
        this.directory = directory;
        this.owner = owner;
    }

    /**
     * Appends one framed message to the file of {@code day}, opening it (and closing the previous day's) if needed.
     *
     * @return whether a file was opened, so the caller can enforce the bound on open files
     */
    boolean append(long day, byte[] message) throws IOException {
        lock.lock();
        try {
            boolean opened = switchTo(day);
            write(message);
            return opened;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends already framed messages ({@code bytes[offset, offset + length)}) to the file of {@code day} in one write.
     *
     * @return whether a file was opened
     */
    boolean appendFrames(long day, byte[] bytes, int offset, int length) throws IOException {
        lock.lock();
        try {
            boolean opened = switchTo(day);
            writeFully(ByteBuffer.wrap(bytes, offset, length));
            return opened;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the open file, if any; the next message reopens it. Waits for a write in progress. */
    void close() {
        lock.lock();
        try {
            closeChannel();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forces what was written to the open file, and the folders of a file created, since the last force (nothing when
     * each write is forced): the store's part of {@link DurableWrites}.
     */
    void forceWritten() throws IOException {
        lock.lock();
        try {
            if (unforced && channel != null) {
                channel.force(false);
                unforced = false;
            }
            if (unforcedEntries) {
                // the day file's entry in its folder, the folder's in its kind's, the kind's in the root
                for (Path folder = directory; folder != null && folder.startsWith(owner.root());
                        folder = folder.getParent()) {
                    DurableWrites.forceFolder(folder);
                }
                unforcedEntries = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link System#nanoTime()} of the last successful write, for least-recently-used eviction. */
    long lastUsedNanos() {
        return lastUsedNanos;
    }

    private void open(long day) throws IOException {
        owner.checkOpen();
        Path dayFile = directory.resolve(StreamLayout.fileName(day));
        FileChannel opened;
        try {
            opened = owner.opener().open(dayFile);
        } catch (IOException e) {
            // the stream's first file, or its folder was removed (or is not a folder: creating it says why); one open
            // per file otherwise, not a folder check before each
            Files.createDirectories(directory);
            opened = owner.opener().open(dayFile);
        }
        try {
            size = opened.size();
            unforcedEntries |= size == 0; // maybe created now: its entry in the folder is forced apart
            if (verifiedDays.add(day) && size > 0) {
                size = cutOffTornFrame(opened, dayFile, size);
            }
        } catch (IOException e) {
            verifiedDays.remove(day);
            closeAfterFailure(opened, e);
            throw e;
        }
        channel = opened;
        file = dayFile;
        epochDay = day;
        lastUsedNanos = System.nanoTime();
        owner.onOpened(this);
        LOG.debug("Opened {} at {} bytes", file, size);
    }

    /**
     * A file this stream had not opened before may end in a frame cut short (a process killed mid-write, a power loss):
     * the frames appended after it could not be read. Its whole frames are walked once, and what follows the last one
     * is cut off, said at WARN. Returns the size left.
     */
    private static long cutOffTornFrame(FileChannel opened, Path dayFile, long size) throws IOException {
        long whole;
        try (FileChannel reading = FileChannel.open(dayFile, StandardOpenOption.READ)) { // appending cannot read
            whole = wholeFramesLength(reading, size);
        }
        if (whole < size) {
            LOG.warn("{}: its last {} bytes are not a whole frame (a write cut short when the process or the machine "
                    + "stopped); cut off, the file now ends with its last whole frame at {} bytes", dayFile,
                    size - whole, whole);
            opened.truncate(whole);
        }
        return whole;
    }

    /**
     * The length of the whole frames at the start of the file: a frame whose header is not this product's or whose
     * length runs past the end ends them.
     */
    static long wholeFramesLength(FileChannel channel, long size) throws IOException {
        byte[] bytes = new byte[SCAN_CHUNK];
        UnsafeBuffer chunk = new UnsafeBuffer(bytes);
        long chunkStart = 0;
        int chunkLength = 0;
        long at = 0;
        while (size - at >= SbeFraming.HEADER_LENGTH) {
            if (at + SbeFraming.HEADER_LENGTH > chunkStart + chunkLength) {
                chunkStart = at;
                chunkLength = readAt(channel, ByteBuffer.wrap(bytes, 0, (int) Math.min(SCAN_CHUNK, size - at)), at);
                if (chunkLength < SbeFraming.HEADER_LENGTH) {
                    break;
                }
            }
            int offset = (int) (at - chunkStart);
            long length = SbeFraming.frameLength(chunk, offset);
            if (SbeFraming.encodingType(chunk, offset) != SbeFraming.SBE_LE_ENCODING
                    || length < SbeFraming.HEADER_LENGTH || length > size - at) {
                break;
            }
            at += length;
        }
        return at;
    }

    private static int readAt(FileChannel channel, ByteBuffer into, long position) throws IOException {
        int read = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into, position + read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    /** Makes the file of {@code day} the open one; returns whether a file was opened. Under the lock. */
    private boolean switchTo(long day) throws IOException {
        if (channel != null && day == epochDay) {
            return false;
        }
        closeChannel();
        open(day);
        return true;
    }

    private void write(byte[] message) throws IOException {
        int frameLength = SbeFraming.HEADER_LENGTH + message.length;
        if (frame.capacity() < frameLength) {
            frame = ByteBuffer.allocateDirect(Math.max(frameLength, 2 * frame.capacity()));
            frameBuffer.wrap(frame);
        }
        SbeFraming.writeHeader(frameBuffer, 0, message.length);
        frameBuffer.putBytes(SbeFraming.HEADER_LENGTH, message);
        frame.clear().limit(frameLength);
        writeFully(frame);
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        int length = bytes.remaining();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (owner.fsync()) {
                channel.force(true);
            } else {
                unforced = true;
            }
        } catch (IOException e) {
            discardBrokenChannel(e);
            throw e;
        }
        size += length;
        lastUsedNanos = System.nanoTime();
    }

    /** Cuts a partly written frame off (best effort) and closes the channel so the next message reopens the file. */
    private void discardBrokenChannel(IOException failure) {
        try {
            if (channel.isOpen() && channel.size() > size) {
                channel.truncate(size);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        FileChannel broken = channel;
        forget();
        forceBeforeClose(broken);
        closeAfterFailure(broken, failure);
        LOG.debug("Closed {} after a write failure", file);
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        FileChannel closing = channel;
        forget();
        try {
            forceBeforeClose(closing);
            closing.close();
            LOG.debug("Closed {} at {} bytes", file, size);
        } catch (IOException e) {
            LOG.warn("Could not close {} cleanly; its data was already handed to the OS", file, e);
        }
    }

    /** What was written to a channel about to close is forced first: a later save of the checkpoints counts on it. */
    private void forceBeforeClose(FileChannel closing) {
        if (unforced) {
            unforced = false;
            try {
                closing.force(false);
            } catch (IOException e) {
                owner.onForceFailed(file, e);
            }
        }
    }

    private void forget() {
        channel = null;
        owner.onClosed(this);
    }

    private static void closeAfterFailure(FileChannel channel, IOException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
