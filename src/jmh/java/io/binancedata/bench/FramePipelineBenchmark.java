package io.binancedata.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.binancedata.stream.EventBatch;
import io.binancedata.pipeline.FramePipeline;
import io.binancedata.pipeline.StreamDecoders;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.FrameBatch;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Trade frames through the frame pipeline alone, no Camel: each copied into a {@link FrameBatch} (the socket
 * reader's work), then sequence guard → strict JSON decoded straight into the SBE encoder → emit filter → framed into
 * the reused {@link EventBatch}. One operation is one frame (batches of {@value #BATCH}); the target is ≤ 250 ns and
 * 0 B per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramePipelineBenchmark {
    static final int BATCH = 100;
    private static final long RECEIVE_TIME = 1_723_161_255_343_000L;

    private final StreamKey key = StreamKey.trade("BTCUSDT");
    private final FrameBatch frames = new FrameBatch();
    private final EventBatch events = new EventBatch();
    private String[] recorded;
    private int next;
    private long rejected;
    private long delivered;
    private StreamStatus status;
    private FramePipeline pipeline;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> trades = BenchData.btcusdtTrades();
        recorded = trades.subList(0, trades.size() / BATCH * BATCH).toArray(new String[0]);
        status = new StreamStatus(key);
        renew();
    }

    private void renew() {
        pipeline = new FramePipeline(new SequenceGuard(status, GapFiller.NONE), StreamDecoders.of(key), true,
                (frame, receiveTime, step, reason) -> rejected++);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (rejected != 0 || status.duplicates() != 0 || delivered == 0) {
            throw new IllegalStateException("Benchmark invalid: " + delivered + " delivered, " + rejected
                    + " rejected, " + status.duplicates() + " duplicates");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        if (next == recorded.length) {
            next = 0;
            renew();
        }
        frames.clear();
        for (int i = 0; i < BATCH; i++) {
            frames.append(recorded[next++], RECEIVE_TIME);
        }
        pipeline.process(frames, events);
        delivered += events.count();
        return events.length();
    }
}
