package io.binancedata.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.KlineEventEncoder;
import io.binancedata.codec.TradeEvent;
import io.binancedata.codec.TradeEventEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Event record to SBE message in a reused buffer ({@link TradeEventEncoder}, {@link KlineEventEncoder}), the events
 * unmarshalled at set-up. As in the product, there is one encoder per stream: the klines of the three recorded
 * symbols each go through their own encoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncoderBenchmark {
    private TradeEvent[] trades;
    private KlineEvent[] klines;
    private int[] klineStream;
    private int nextTrade;
    private int nextKline;
    private final TradeEventEncoder tradeEncoder = new TradeEventEncoder();
    private KlineEventEncoder[] klineEncoders;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @Setup
    public void setUp() throws Exception {
        ObjectMapper mapper = EventMapper.create();
        List<TradeEvent> t = new ArrayList<>();
        for (String frame : BenchData.btcusdtTrades()) {
            t.add(mapper.readValue(frame, TradeEvent.class));
        }
        trades = t.toArray(new TradeEvent[0]);
        List<String> frames = BenchData.klines();
        klines = new KlineEvent[frames.size()];
        klineStream = new int[frames.size()];
        Map<String, Integer> streams = new HashMap<>();
        for (int i = 0; i < klines.length; i++) {
            klines[i] = mapper.readValue(frames.get(i), KlineEvent.class);
            klineStream[i] = streams.computeIfAbsent(klines[i].symbol(), s -> streams.size());
        }
        klineEncoders = new KlineEventEncoder[streams.size()];
        for (int i = 0; i < klineEncoders.length; i++) {
            klineEncoders[i] = new KlineEventEncoder();
        }
    }

    @Benchmark
    public int trade() {
        TradeEvent event = trades[nextTrade];
        if (++nextTrade == trades.length) {
            nextTrade = 0;
        }
        return tradeEncoder.encode(event, 1_723_161_255_343_000L, buffer, 0);
    }

    @Benchmark
    public int kline() {
        int i = nextKline;
        if (++nextKline == klines.length) {
            nextKline = 0;
        }
        return klineEncoders[klineStream[i]].encode(klines[i], 1_617_566_592_629_411L, buffer, 0);
    }
}
