package io.binancedata.bench;

import java.util.concurrent.TimeUnit;

import io.binancedata.pipeline.TradeFrameDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link TradeFrameDecoder}: one recorded BTCUSDT trade frame, as characters, straight into an SBE Trade message in
 * the stream's reused buffer (what replaces Jackson + {@code TradeEventEncoder}, cf. {@code EventMapperBenchmark.trade}
 * plus {@code EncoderBenchmark.trade}). The frames are turned into {@code char[]} at set-up, as a transport that
 * reads into a reused array would hand them over. {@code frames} = 19904 cycles through all recorded trades (about
 * 6.8 MB of characters, so most frames come from memory, not cache, as in the other benchmarks); 256 through the
 * first 256 only (about 88 KB, cache-resident, closer to a frame the transport has just written).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TradeFrameDecoderBenchmark {
    private static final long RECEIVE_TIME = 1_723_161_255_343_000L;

    @Param({"19904", "256"})
    private int frames;

    private char[][] chars;
    private int next;
    private final TradeFrameDecoder decoder = new TradeFrameDecoder("BTCUSDT");
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TradeFrameDecoder.MAX_ENCODED_LENGTH]);

    @Setup
    public void setUp() {
        chars = BenchData.btcusdtTrades().stream().limit(frames).map(String::toCharArray).toArray(char[][]::new);
    }

    /** One trade frame to an SBE message; returns its length plus the trade id (read back as the pipeline will). */
    @Benchmark
    public long decode() {
        char[] frame = chars[next];
        if (++next == chars.length) {
            next = 0;
        }
        return decoder.decode(frame, 0, frame.length, RECEIVE_TIME, buffer, 0) + decoder.tradeId();
    }
}
