package io.binancedata.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Watches the product's files grow by polling their sizes ({@code fstat} on an open channel per stream), and stamps
 * each message with the time of the first poll that saw it complete: an upper bound of its write time, late by at
 * most one poll period (the periods are recorded, so the resolution can be reported). Messages are counted per
 * stream in write order: the k-th message of a stream's files is its k-th trade, which {@link SinkCheck} then
 * confirms by decoding.
 */
final class SinkTail {
    private final BurstFiles files;
    private final LongSupplier epochMicros;
    private final long[][] seenMicros;
    private final FileChannel[] channels;
    private final int[] fileIndex;
    private final long[] seenInFile;
    private final long[] seen;
    private final int[] messageLength;
    private long total;
    private long lastChangeMicros = -1;
    private long[] pollPeriods = new long[1 << 16];
    private int polls;

    /** @param recordEach whether to keep each message's time (latency runs) or only the last one (throughput) */
    SinkTail(BurstFiles files, int tradesPerStream, LongSupplier epochMicros, boolean recordEach) {
        this.files = files;
        this.epochMicros = epochMicros;
        this.seenMicros = recordEach ? new long[files.streams()][tradesPerStream] : null;
        this.channels = new FileChannel[files.streams()];
        this.fileIndex = new int[files.streams()];
        this.seenInFile = new long[files.streams()];
        this.seen = new long[files.streams()];
        this.messageLength = new int[files.streams()];
    }

    /**
     * Polls every {@code pollInterval} until {@code expected} messages are written, nothing new appeared for
     * {@code stall}, or {@code alive} turns false. Returns whether all were written.
     */
    boolean follow(long expected, Duration pollInterval, Duration stall, BooleanSupplier alive) {
        long stallMicros = stall.toNanos() / 1000;
        long lastPoll = epochMicros.getAsLong();
        long lastProgress = lastPoll;
        try {
            while (total < expected) {
                long before = total;
                poll();
                long now = epochMicros.getAsLong();
                recordPeriod(now - lastPoll);
                lastPoll = now;
                if (total > before) {
                    lastProgress = now;
                } else if (now - lastProgress > stallMicros || !alive.getAsBoolean()) {
                    return false;
                }
                LockSupport.parkNanos(pollInterval.toNanos());
            }
            return true;
        } finally {
            closeChannels();
        }
    }

    /** When the last message seen appeared (an upper bound of its write time), µs since the epoch. */
    long lastWriteEpochMicros() {
        return lastChangeMicros;
    }

    long messagesSeen() {
        return total;
    }

    /** When message {@code index} of the stream was first seen, µs since the epoch; 0 if never. */
    long seenEpochMicros(int stream, int index) {
        return seenMicros[stream][index];
    }

    /** The time between consecutive polls, µs: the resolution of the write times. */
    Latencies pollPeriods() {
        return Latencies.of(pollPeriods, polls);
    }

    private void poll() {
        for (int stream = 0; stream < channels.length; stream++) {
            while (fileIndex[stream] < files.fileCount()) {
                FileChannel channel = channel(stream);
                if (channel == null) {
                    break;
                }
                int length = messageLength(stream, channel);
                if (length == 0) {
                    break;
                }
                long messages = size(channel) / length;
                long now = epochMicros.getAsLong();
                long limit = files.trades(fileIndex[stream]);
                for (long k = seenInFile[stream]; k < Math.min(messages, limit); k++) {
                    if (seenMicros != null) {
                        seenMicros[stream][(int) seen[stream]] = now;
                    }
                    seen[stream]++;
                    total++;
                    lastChangeMicros = now;
                }
                seenInFile[stream] = Math.max(seenInFile[stream], Math.min(messages, limit));
                if (seenInFile[stream] < limit) {
                    break;
                }
                close(stream);
                fileIndex[stream]++;
                seenInFile[stream] = 0;
            }
        }
    }

    /**
     * The length of the stream's framed messages, from the framing header of its first file's first message (all of a
     * stream's messages have the same length; the schema the jar was built with sets it); 0 while not yet written.
     */
    private int messageLength(int stream, FileChannel channel) {
        if (messageLength[stream] == 0) {
            ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
            try {
                if (channel.read(header, 0) == Integer.BYTES) {
                    messageLength[stream] = header.flip().getInt();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a sink file", e);
            }
        }
        return messageLength[stream];
    }

    private FileChannel channel(int stream) {
        if (channels[stream] == null) {
            Path file = files.file(stream, fileIndex[stream]);
            if (!Files.exists(file)) {
                return null;
            }
            try {
                channels[stream] = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + file, e);
            }
        }
        return channels[stream];
    }

    private static long size(FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of a sink file", e);
        }
    }

    private void recordPeriod(long micros) {
        if (polls == pollPeriods.length) {
            pollPeriods = Arrays.copyOf(pollPeriods, polls * 2);
        }
        pollPeriods[polls++] = micros;
    }

    private void close(int stream) {
        if (channels[stream] != null) {
            try {
                channels[stream].close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a sink file", e);
            }
            channels[stream] = null;
        }
    }

    private void closeChannels() {
        for (int stream = 0; stream < channels.length; stream++) {
            close(stream);
        }
    }
}
