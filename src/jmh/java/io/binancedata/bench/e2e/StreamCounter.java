package io.binancedata.bench.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a bare client counts of one stream: complete text messages, their payload length (chars or bytes, as the
 * client reads them), when the last expected one arrived, and why the stream ended early, if it did. Written by the
 * stream's reading thread, read by the harness once the burst is done.
 */
abstract class StreamCounter {
    private final int expected;
    private final LongSupplier epochMicros;
    private final CountDownLatch done;
    private volatile long count;
    private volatile long payload;
    private volatile long lastMicros;
    private volatile String failure;
    /** When each message was read (µs since the epoch), by its index in the stream; null unless asked for. */
    private final long[] receiveMicros;

    StreamCounter(int expected, LongSupplier epochMicros, CountDownLatch done, boolean timeEach) {
        this.expected = expected;
        this.epochMicros = epochMicros;
        this.done = done;
        this.receiveMicros = timeEach ? new long[expected] : null;
    }

    /** Part of a text message was read: {@code length} chars or bytes; {@code last} when it completes the message. */
    final void onPayload(long length, boolean last) {
        payload += length;
        if (!last) {
            return;
        }
        long n = ++count;
        if (receiveMicros != null && n <= expected) {
            receiveMicros[(int) n - 1] = epochMicros.getAsLong();
        }
        if (n == expected) {
            lastMicros = receiveMicros != null ? receiveMicros[expected - 1] : epochMicros.getAsLong();
            done.countDown();
        }
    }

    final void failed(String why) {
        failure = why;
    }

    /**
     * Waits until every stream's counter has all its messages; then what they read.
     *
     * @throws java.util.concurrent.TimeoutException naming the streams still short after {@code timeout}
     */
    static BareResult await(String client, CountDownLatch done, List<? extends StreamCounter> streams,
                            BareTarget target, Duration timeout) throws Exception {
        List<StreamCounter> counters = List.copyOf(streams);
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            StringBuilder shortStreams = new StringBuilder();
            for (int s = 0; s < counters.size(); s++) {
                StreamCounter counter = counters.get(s);
                if (counter.count < target.tradesPerStream()) {
                    shortStreams.append(BareClients.shortStream(target.symbols().get(s), counter.count,
                            counter.failure));
                }
            }
            throw BareClients.timeout(client, counters.stream().mapToLong(c -> c.count).sum(), target, timeout,
                    shortStreams);
        }
        if (target.receiveTimes() != null) {
            writeReceiveTimes(target.receiveTimes(), counters);
        }
        return new BareResult(counters.stream().mapToLong(c -> c.lastMicros).max().orElseThrow(),
                counters.stream().mapToLong(c -> c.count).sum(), counters.stream().mapToLong(c -> c.payload).sum());
    }

    /** Every stream's receive times, stream after stream, as big-endian longs (µs since the epoch). */
    private static void writeReceiveTimes(Path file, List<StreamCounter> counters) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (StreamCounter counter : counters) {
                for (long micros : counter.receiveMicros) {
                    out.writeLong(micros);
                }
            }
        }
    }

    /** What {@link #writeReceiveTimes} wrote: {@code [stream][index]}. */
    static long[][] readReceiveTimes(Path file, int streams, int perStream) throws IOException {
        long[][] times = new long[streams][perStream];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (long[] stream : times) {
                for (int i = 0; i < perStream; i++) {
                    stream[i] = in.readLong();
                }
            }
        }
        return times;
    }
}
