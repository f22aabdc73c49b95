package io.binancedata.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.binancedata.sequence.FrameScanner;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The sequencing step every frame passes before the route: {@link FrameScanner} reading the trade id (trades) or
 * open time, event time, close time and closed flag (klines) from the raw frame text, and the whole
 * {@link SequenceGuard#onFrame} for trades (scan, duplicate/gap check, delivery).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameScannerBenchmark {
    private String[] trades;
    private String[] klines;
    private int nextTrade;
    private int nextKline;
    private StreamStatus status;
    private SequenceGuard guard;
    private long delivered;
    private final SequenceGuard.Delivery delivery = (frame, backfilled, receiveTime) -> delivered += frame.length();

    @Setup
    public void setUp() {
        trades = BenchData.btcusdtTrades().toArray(new String[0]);
        klines = BenchData.klines().toArray(new String[0]);
        status = new StreamStatus(StreamKey.trade("BTCUSDT"));
        guard = new SequenceGuard(status, GapFiller.NONE);
    }

    /** Trade id ({@code "t"}) of a trade frame. */
    @Benchmark
    public long tradeId() {
        if (nextTrade == trades.length) {
            nextTrade = 0;
        }
        String frame = trades[nextTrade++];
        return FrameScanner.longField(frame, "t");
    }

    /** The four fields {@link SequenceGuard} reads from a kline frame: {@code t}, {@code E}, {@code T}, {@code x}. */
    @Benchmark
    public long klineFields() {
        String frame = klines[nextKline];
        if (++nextKline == klines.length) {
            nextKline = 0;
        }
        return FrameScanner.longField(frame, "t") + FrameScanner.longField(frame, "E")
                + FrameScanner.longField(frame, "T") + FrameScanner.booleanField(frame, "x");
    }

    /** {@link SequenceGuard#onFrame} on consecutive trades (a fresh guard before the recording starts over). */
    @Benchmark
    public long tradeGuard() {
        if (nextTrade == trades.length) {
            nextTrade = 0;
            guard = new SequenceGuard(status, GapFiller.NONE);
        }
        String frame = trades[nextTrade++];
        guard.onFrame(frame, 1_723_161_255_343_000L, delivery);
        return delivered;
    }

    /** Every trade must have been delivered: a dropped "duplicate" would mean the benchmark measured the wrong path. */
    @TearDown
    public void checkNoDuplicates() {
        if (status.duplicates() != 0 || status.gapsUnfilled() != 0) {
            throw new IllegalStateException("Benchmark invalid: " + status.duplicates() + " duplicates, "
                    + status.gapsUnfilled() + " gaps");
        }
    }
}
