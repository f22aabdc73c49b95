package io.binancedata.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The committed position of a spool, file {@code committed}: every record before (segment, offset) was delivered.
 * Two 32-byte slots are written in turn, each {@code int64 generation, int64 segment, int64 offset, int32 CRC32C of
 * the first 24 bytes, int32 0}; the intact slot with the higher generation wins. A write torn by a crash therefore
 * loses at most the latest position, and the records after the previous one are delivered again (at-least-once).
 * Not thread-safe: {@link SpoolStore} guards it.
 */
final class CommitFile implements AutoCloseable {
    static final String FILE_NAME = "committed";

    private static final int SLOT_LENGTH = 32;
    private static final int CHECKED_LENGTH = 24;

    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT_LENGTH);
    private long generation;

    private CommitFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (or creates) the file in {@code directory}. */
    static CommitFile open(Path directory) throws IOException {
        return new CommitFile(FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** The last position written, or (0, 0) when none was (new spool, or both slots unreadable). */
    Position read() throws IOException {
        ByteBuffer file = ByteBuffer.allocate(2 * SLOT_LENGTH);
        while (file.hasRemaining() && channel.read(file, file.position()) >= 0) {
            if (file.position() == channel.size()) {
                break;
            }
        }
        Position best = new Position(0, 0);
        long bestGeneration = 0;
        for (int at = 0; at + SLOT_LENGTH <= file.position(); at += SLOT_LENGTH) {
            long slotGeneration = file.getLong(at);
            if (file.getInt(at + CHECKED_LENGTH) == RecordCodec.crc(file.array(), at, CHECKED_LENGTH)
                    && slotGeneration > bestGeneration) {
                bestGeneration = slotGeneration;
                best = new Position(file.getLong(at + 8), file.getLong(at + 16));
            }
        }
        generation = bestGeneration;
        return best;
    }

    /** Records a new committed position, in the slot not holding the current one. */
    void write(long segment, long offset) throws IOException {
        generation++;
        slot.clear();
        slot.putLong(generation).putLong(segment).putLong(offset);
        slot.putInt(RecordCodec.crc(slot.array(), 0, CHECKED_LENGTH)).putInt(0).flip();
        long at = (generation % 2) * SLOT_LENGTH;
        while (slot.hasRemaining()) {
            channel.write(slot, at + slot.position());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A committed position: everything before {@code offset} in segment {@code segment} was delivered. */
    record Position(long segment, long offset) {
    }
}
