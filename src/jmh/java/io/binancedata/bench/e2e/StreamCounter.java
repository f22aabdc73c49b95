package io.binancedata.bench.e2e;

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

    StreamCounter(int expected, LongSupplier epochMicros, CountDownLatch done) {
        this.expected = expected;
        this.epochMicros = epochMicros;
        this.done = done;
    }

    /** Part of a text message was read: {@code length} chars or bytes; {@code last} when it completes the message. */
    final void onPayload(long length, boolean last) {
        payload += length;
        if (last && ++count == expected) {
            lastMicros = epochMicros.getAsLong();
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
        return new BareResult(counters.stream().mapToLong(c -> c.lastMicros).max().orElseThrow(),
                counters.stream().mapToLong(c -> c.count).sum(), counters.stream().mapToLong(c -> c.payload).sum());
    }
}
