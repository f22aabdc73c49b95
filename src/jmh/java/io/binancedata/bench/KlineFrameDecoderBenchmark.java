package io.binancedata.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.binancedata.pipeline.KlineFrameDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link KlineFrameDecoder}: one recorded kline_1m frame, as characters, straight into an SBE Kline message (what
 * replaces Jackson + {@code KlineEventEncoder}). One decoder per symbol, as each stream has its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KlineFrameDecoderBenchmark {
    private static final long RECEIVE_TIME = 1_617_566_592_629_411L;

    private char[][] frames;
    private KlineFrameDecoder[] decoderOfFrame;
    private int next;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[KlineFrameDecoder.MAX_ENCODED_LENGTH]);

    @Setup
    public void setUp() {
        List<String> k = BenchData.klines();
        frames = new char[k.size()][];
        decoderOfFrame = new KlineFrameDecoder[k.size()];
        Map<String, KlineFrameDecoder> streams = new HashMap<>();
        for (int i = 0; i < frames.length; i++) {
            String frame = k.get(i);
            String symbol = frame.substring(frame.indexOf("\"s\":\"") + 5, frame.indexOf("\",\"k\""));
            frames[i] = frame.toCharArray();
            decoderOfFrame[i] = streams.computeIfAbsent(symbol, s -> new KlineFrameDecoder(s, "1m"));
        }
    }

    /** One kline frame to an SBE message; returns its length plus the open time. */
    @Benchmark
    public long decode() {
        int i = next;
        if (++next == frames.length) {
            next = 0;
        }
        KlineFrameDecoder decoder = decoderOfFrame[i];
        return decoder.decode(frames[i], 0, frames[i].length, RECEIVE_TIME, buffer, 0) + decoder.openTimeMicros();
    }
}
