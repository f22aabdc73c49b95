package io.binancedata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.codec.DecimalParser;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.TradeEvent;
import io.binancedata.sbe.DecimalEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link DecimalParser#parse} into a reused SBE {@code Decimal} encoder, cycling through every price and quantity
 * string of the recorded BTCUSDT trades and every decimal of the recorded klines (40,752 strings).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecimalParserBenchmark {
    private String[] decimals;
    private int next;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final DecimalEncoder target = new DecimalEncoder();

    @Setup
    public void setUp() throws Exception {
        ObjectMapper mapper = EventMapper.create();
        List<String> all = new ArrayList<>();
        for (String frame : BenchData.btcusdtTrades()) {
            TradeEvent t = mapper.readValue(frame, TradeEvent.class);
            all.add(t.price());
            all.add(t.quantity());
        }
        for (String frame : BenchData.klines()) {
            KlineEvent.Kline k = mapper.readValue(frame, KlineEvent.class).kline();
            all.addAll(List.of(k.open(), k.high(), k.low(), k.close(), k.volume(), k.quoteVolume(),
                    k.takerBuyVolume(), k.takerBuyQuoteVolume()));
        }
        decimals = all.toArray(new String[0]);
        target.wrap(buffer, 0);
    }

    /** One decimal string (e.g. {@code "61837.63000000"}) to mantissa and exponent. */
    @Benchmark
    public long parse() {
        String text = decimals[next];
        if (++next == decimals.length) {
            next = 0;
        }
        DecimalParser.parse(text, "p", target);
        return buffer.getLong(0) + buffer.getByte(8);
    }
}
