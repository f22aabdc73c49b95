package io.binancedata.ws;

import io.binancedata.stream.FrameBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment files of one {@link FrameSpill}: {@code <prefix>-<n>.spill}, written by one thread (under the spill's
 * lock) and read by another (the drain) without a lock, oldest first. Each frame is one record: its length in chars
 * (int), its receive time (long, µs), then its chars (UTF-16, two bytes each, so any frame goes back exactly as it
 * came without decoding). Records are buffered before they are written; a record never spans two segments; a new
 * segment is started once one holds {@code segmentBytes}, and the reader deletes a segment once it has read it all.
 * Buffers are allocated when the spill is first written and read, kept while it holds frames (they grow only for a
 * frame larger than them: spilling allocates nothing per frame), and let go once everything was read: a stream that
 * does not spill holds no buffer (3,000 streams of a whole-exchange process would otherwise hold 100 MB of direct
 * memory). Not thread-safe on its own: {@link FrameSpill} says who may call what.
 */
final class SpillFiles implements AutoCloseable {
    static final String SUFFIX = ".spill";
    private static final int HEADER = Integer.BYTES + Long.BYTES;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private final Path directory;
    private final String prefix;
    private final long segmentBytes;
    // writer side: only under the spill's lock
    private ByteBuffer out = NONE;
    private FileChannel writer;
    private long writeSegment;
    private long writeOffset;
    /** Bytes appended (buffered or written) since the last reset, and bytes of segments deleted since then. */
    private long appended;
    private volatile long freed;
    // reader side: only by the drain (and reset/discard under the spill's lock, when the drain calls them)
    private ByteBuffer in = NONE;
    private FileChannel reader;
    private long readSegment;
    private long fillOffset;

    SpillFiles(Path directory, String prefix, long segmentBytes) {
        this.directory = directory;
        this.prefix = prefix;
        this.segmentBytes = segmentBytes;
    }

    /** The segment files a process left behind with this prefix (e.g. an earlier run that died while spilling). */
    static List<Path> leftovers(Path directory, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, glob(prefix))) {
            found.forEach(files::add);
        }
        return files;
    }

    /** Bytes in the segment files (and the write buffer) now. */
    long diskBytes() {
        return appended - freed;
    }

    /** Appends one frame (writer, under the spill's lock). */
    void write(CharSequence frame, long receiveTimeMicros) throws IOException {
        int chars = frame.length();
        int length = HEADER + 2 * chars;
        if (writer == null) {
            writer = open(writeSegment, true);
        } else if (writeOffset + out.position() > 0 && writeOffset + out.position() + length > segmentBytes) {
            flush();
            writer.close();
            writer = open(++writeSegment, true);
            writeOffset = 0;
        }
        if (out.remaining() < length) {
            flush();
            if (out.capacity() < length) {
                out = ByteBuffer.allocateDirect(Math.max(length, BUFFER_BYTES));
            }
        }
        out.putInt(chars).putLong(receiveTimeMicros);
        for (int i = 0; i < chars; i++) {
            out.putChar(frame.charAt(i));
        }
        appended += length;
    }

    /** Writes the buffered records to the current segment (under the spill's lock). */
    void flush() throws IOException {
        if (out.position() == 0) {
            return;
        }
        out.flip();
        while (out.hasRemaining()) {
            writeOffset += writer.write(out, writeOffset);
        }
        out.clear();
    }

    /** The segment being written and how much of it is on disk: the end up to which the reader may read. */
    long writeSegment() {
        return writeSegment;
    }

    long writeOffset() {
        return writeOffset;
    }

    /**
     * Reads the next record into {@code batch} (drain only), never past {@code endOffset} of segment
     * {@code endSegment}, deleting each segment it has read to the end.
     *
     * @return false when there is no whole record before that end
     */
    boolean next(FrameBatch batch, long endSegment, long endOffset) throws IOException {
        while (true) {
            if (in.remaining() >= HEADER) {
                int chars = in.getInt(in.position());
                int length = HEADER + 2 * chars;
                if (chars < 0) {
                    throw new IOException("corrupt spill record in " + segment(readSegment) + ": length " + chars);
                }
                if (in.remaining() >= length) {
                    in.getInt();
                    batch.append(in, chars, in.getLong());
                    return true;
                }
                if (in.capacity() < length) {
                    in = ByteBuffer.allocateDirect(length).put(in).flip();
                }
            }
            if (reader == null) {
                reader = open(readSegment, false);
                fillOffset = 0;
            }
            long end = readSegment < endSegment ? reader.size() : endOffset;
            if (fillOffset >= end) {
                if (readSegment >= endSegment || in.hasRemaining()) {
                    return false;
                }
                freed += reader.size();
                reader.close();
                reader = null;
                Files.delete(segment(readSegment++));
                continue;
            }
            if (in.capacity() == 0) {
                in = ByteBuffer.allocateDirect(BUFFER_BYTES).limit(0);
            }
            fill(end);
        }
    }

    private void fill(long end) throws IOException {
        in.compact();
        in.limit((int) Math.min(in.capacity(), in.position() + end - fillOffset));
        while (in.hasRemaining()) {
            int n = reader.read(in, fillOffset);
            if (n < 0) {
                throw new IOException("spill segment " + segment(readSegment) + " ends before offset " + end);
            }
            fillOffset += n;
        }
        in.flip();
    }

    /** Everything was read: empties the current segment so the files do not grow (under the spill's lock). */
    void reset() throws IOException {
        if (writer != null) {
            writer.truncate(0);
        }
        writeOffset = 0;
        fillOffset = 0;
        in = NONE;
        out = NONE; // flushed: everything written was read
        appended = 0;
        freed = 0;
    }

    /** Deletes every segment (unread records included) and starts again from a new, empty one. */
    void discard() throws IOException {
        close();
        readSegment = ++writeSegment;
        writeOffset = 0;
        fillOffset = 0;
        appended = 0;
        freed = 0;
    }

    /** Closes and deletes every segment file. */
    @Override
    public void close() throws IOException {
        out = NONE;
        in = NONE;
        IOException failure = null;
        for (FileChannel channel : new FileChannel[] {writer, reader}) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        writer = null;
        reader = null;
        for (Path file : leftovers(directory, prefix)) {
            Files.deleteIfExists(file);
        }
        if (failure != null) {
            throw failure;
        }
    }

    Path directory() {
        return directory;
    }

    private FileChannel open(long segment, boolean write) throws IOException {
        Path file = segment(segment);
        return write ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING) : FileChannel.open(file, StandardOpenOption.READ);
    }

    private Path segment(long segment) {
        return directory.resolve(prefix + "-" + segment + SUFFIX);
    }

    private static String glob(String prefix) {
        return prefix.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1") + "-*" + SUFFIX;
    }
}
