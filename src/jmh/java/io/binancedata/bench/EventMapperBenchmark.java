package io.binancedata.bench;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectReader;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.TradeEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Frame text to event record with the product's strict mapper ({@link EventMapper}), as the route's camel-jackson
 * unmarshal step does (it calls {@code ObjectReader.readValue(String)}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventMapperBenchmark {
    private String[] trades;
    private String[] klines;
    private int nextTrade;
    private int nextKline;
    private ObjectReader tradeReader;
    private ObjectReader klineReader;

    @Setup
    public void setUp() {
        trades = BenchData.btcusdtTrades().toArray(new String[0]);
        klines = BenchData.klines().toArray(new String[0]);
        tradeReader = EventMapper.create().readerFor(TradeEvent.class);
        klineReader = EventMapper.create().readerFor(KlineEvent.class);
    }

    @Benchmark
    public TradeEvent trade() throws Exception {
        String frame = trades[nextTrade];
        if (++nextTrade == trades.length) {
            nextTrade = 0;
        }
        return tradeReader.readValue(frame);
    }

    @Benchmark
    public KlineEvent kline() throws Exception {
        String frame = klines[nextKline];
        if (++nextKline == klines.length) {
            nextKline = 0;
        }
        return klineReader.readValue(frame);
    }
}
