package io.binancedata.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One append-only segment file of a spool, {@code <sequence>.spool}: an 8-byte file header (magic {@code SPOL},
 * uint16 format version, uint16 reserved) followed by records in {@link RecordCodec}'s framing. Records are only ever
 * appended; a failed append is cut off again, and a record torn by a crash is found by {@link #recover(long)} and cut
 * off there. Not thread-safe: {@link SpoolStore} guards it.
 */
final class SpoolSegment implements AutoCloseable {
    /** Bytes of the file header; the first record starts here. */
    static final int HEADER_LENGTH = 8;
    static final String SUFFIX = ".spool";

    private static final Logger LOG = LoggerFactory.getLogger(SpoolSegment.class);
    private static final int MAGIC = 0x53504F4C; // "SPOL"
    private static final short VERSION = 1;

    private final long sequence;
    private final Path file;
    private final FileChannel channel;
    private final boolean fsync;
    /** Written since the last force (only when appends are not each forced). */
    private boolean unforced;
    private long size;

    private SpoolSegment(long sequence, Path file, FileChannel channel, boolean fsync, long size) {
        this.sequence = sequence;
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
        this.size = size;
    }

    /** File name of a segment: its sequence number, 20 digits, so names sort like numbers. */
    static String fileName(long sequence) {
        return String.format("%020d%s", sequence, SUFFIX);
    }

    /** Sequence numbers of the segment files in {@code directory}, ascending; other files are ignored. */
    static List<Long> sequencesIn(Path directory) throws IOException {
        List<Long> sequences = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(0, name.length() - SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    sequences.add(Long.parseLong(digits));
                }
            }
        }
        Collections.sort(sequences);
        return sequences;
    }

    /** Creates a new segment file holding only its header; fails if it exists, and leaves no file when it fails. */
    static SpoolSegment create(Path file, long sequence, boolean fsync) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        SpoolSegment segment = new SpoolSegment(sequence, file, channel, fsync, 0);
        try {
            segment.writeHeader();
        } catch (IOException e) {
            try {
                segment.delete();
            } catch (IOException deletion) {
                e.addSuppressed(deletion);
            }
            throw e;
        }
        return segment;
    }

    /**
     * Opens an existing segment file. A file shorter than the header (torn at creation) gets a fresh header.
     *
     * @throws IOException if the file is not a spool segment of this format
     */
    static SpoolSegment open(Path file, long sequence, boolean fsync) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SpoolSegment segment = new SpoolSegment(sequence, file, channel, fsync, channel.size());
        try {
            if (segment.size < HEADER_LENGTH) {
                channel.truncate(0);
                segment.size = 0;
                segment.writeHeader();
            } else {
                segment.checkHeader();
            }
        } catch (IOException e) {
            segment.close();
            throw e;
        }
        return segment;
    }

    long sequence() {
        return sequence;
    }

    Path file() {
        return file;
    }

    /** Bytes in the file, header included. */
    long size() {
        return size;
    }

    /**
     * Checks the records from {@code from} to the end of the file; a record that is incomplete or fails its checksum
     * and everything after it are cut off (logged).
     *
     * @return the complete records found from {@code from}
     */
    Scan recover(long from) throws IOException {
        long offset = Math.max(from, HEADER_LENGTH);
        long records = 0;
        while (offset < size) {
            ByteBuffer payload = payloadAt(offset);
            if (payload == null) {
                LOG.warn("Spool segment {}: torn or corrupt record at offset {}, discarding its last {} bytes",
                        file, offset, size - offset);
                channel.truncate(offset);
                size = offset;
                break;
            }
            offset += RecordCodec.PREFIX_LENGTH + payload.limit();
            records++;
        }
        return new Scan(records, offset - Math.max(from, HEADER_LENGTH));
    }

    /** Forces what was written since the last force ({@link io.binancedata.stream.DurableWrites}). */
    void forceWritten() throws IOException {
        if (unforced) {
            channel.force(false);
            unforced = false;
        }
    }

    /**
     * Appends one framed record (from its position to its limit) at the end of the file.
     *
     * @return the offset the record was written at
     * @throws IOException if it could not be written; whatever part was written is cut off again when possible
     */
    long append(ByteBuffer record) throws IOException {
        long offset = size;
        int length = record.remaining();
        try {
            long position = offset;
            while (record.hasRemaining()) {
                position += channel.write(record, position);
            }
            if (fsync) {
                channel.force(false);
            } else {
                unforced = true;
            }
        } catch (IOException e) {
            try {
                channel.truncate(offset);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
            }
            throw e;
        }
        size = offset + length;
        return offset;
    }

    /**
     * Reads the complete record at {@code offset}.
     *
     * @throws IOException if there is no complete, intact record there
     */
    SpoolEntry read(long offset) throws IOException {
        ByteBuffer payload = payloadAt(offset);
        if (payload == null) {
            throw new IOException("Spool segment " + file + ": no intact record at offset " + offset);
        }
        return new SpoolEntry(sequence, offset, RecordCodec.PREFIX_LENGTH + payload.limit(),
                RecordCodec.decode(payload));
    }

    /** Deletes the file (closing it first). */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The payload of the record at {@code offset}, or null if that record is incomplete or fails its checksum. */
    private ByteBuffer payloadAt(long offset) throws IOException {
        if (size - offset < RecordCodec.PREFIX_LENGTH) {
            return null;
        }
        ByteBuffer prefix = readFully(offset, RecordCodec.PREFIX_LENGTH);
        int payloadLength = prefix.getInt(0);
        if (payloadLength <= 0 || payloadLength > RecordCodec.MAX_PAYLOAD_LENGTH
                || size - offset - RecordCodec.PREFIX_LENGTH < payloadLength) {
            return null;
        }
        ByteBuffer payload = readFully(offset + RecordCodec.PREFIX_LENGTH, payloadLength);
        return RecordCodec.crc(payload.array(), 0, payloadLength) == prefix.getInt(4) ? payload : null;
    }

    private ByteBuffer readFully(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("Spool segment " + file + " ends before offset " + (position + length));
            }
            at += read;
        }
        return buffer.flip();
    }

    private void writeHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).putInt(MAGIC).putShort(VERSION).putShort((short) 0)
                .flip();
        while (header.hasRemaining()) {
            channel.write(header, HEADER_LENGTH - header.remaining());
        }
        if (fsync) {
            channel.force(true);
        } else {
            unforced = true;
        }
        size = HEADER_LENGTH;
    }

    private void checkHeader() throws IOException {
        ByteBuffer header = readFully(0, HEADER_LENGTH);
        int magic = header.getInt();
        short version = header.getShort();
        if (magic != MAGIC || version != VERSION) {
            throw new IOException("Not a spool segment of format version " + VERSION + ": " + file
                    + String.format(" (magic 0x%08X, version %d)", magic, version));
        }
    }

    /** What {@link #recover(long)} found: complete records and their bytes. */
    record Scan(long records, long bytes) {
    }
}
