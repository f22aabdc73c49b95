package io.binancedata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectReader;
import io.binancedata.codec.EventMapper;
import io.binancedata.codec.KlineEvent;
import io.binancedata.codec.KlineEventEncoder;
import io.binancedata.codec.TradeEvent;
import io.binancedata.codec.TradeEventEncoder;
import io.binancedata.sequence.GapFiller;
import io.binancedata.sequence.SequenceGuard;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The product's per-frame work without network and without Camel: frame text &rarr; {@link SequenceGuard} (scan,
 * dedup/gap check) &rarr; strict Jackson unmarshal &rarr; SBE encode into the stream's reused buffer &rarr; the
 * {@code byte[]} copy the route hands to its sinks (as {@code SbeEncodingProcessor} does) &rarr; the stream's
 * counters. One guard, encoder and buffer per stream. Klines are encoded on every update (as with
 * {@code binance.kline.emit=all}); with the default {@code closed} only final candles reach the encoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramePathBenchmark {
    private static final long RECEIVE_TIME = 1_723_161_255_343_000L;

    private String[] trades;
    private String[] klines;
    private int[] klineStream;
    private int nextTrade;
    private int nextKline;
    private ObjectReader tradeReader;
    private ObjectReader klineReader;
    private StreamStatus tradeStatus;
    private SequenceGuard tradeGuard;
    private final TradeEventEncoder tradeEncoder = new TradeEventEncoder();
    private StreamStatus[] klineStatus;
    private SequenceGuard[] klineGuards;
    private KlineEventEncoder[] klineEncoders;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private byte[] lastBody;
    private final SequenceGuard.Delivery tradeDelivery = this::encodeTrade;
    private final SequenceGuard.Delivery klineDelivery = this::encodeKline;
    private int klineIndex;

    @Setup
    public void setUp() {
        trades = BenchData.btcusdtTrades().toArray(new String[0]);
        List<String> k = BenchData.klines();
        klines = k.toArray(new String[0]);
        tradeReader = EventMapper.create().readerFor(TradeEvent.class);
        klineReader = EventMapper.create().readerFor(KlineEvent.class);
        tradeStatus = new StreamStatus(StreamKey.trade("BTCUSDT"));
        tradeGuard = new SequenceGuard(tradeStatus, GapFiller.NONE);
        Map<String, Integer> streams = new HashMap<>();
        klineStream = new int[klines.length];
        for (int i = 0; i < klines.length; i++) {
            String symbol = klines[i].substring(klines[i].indexOf("\"s\":\"") + 5, klines[i].indexOf("\",\"k\""));
            klineStream[i] = streams.computeIfAbsent(symbol, s -> streams.size());
        }
        klineStatus = new StreamStatus[streams.size()];
        klineGuards = new SequenceGuard[streams.size()];
        klineEncoders = new KlineEventEncoder[streams.size()];
        streams.forEach((symbol, i) -> {
            klineStatus[i] = new StreamStatus(StreamKey.kline(symbol, "1m"));
            klineEncoders[i] = new KlineEventEncoder();
        });
        resetKlineGuards();
    }

    private void resetKlineGuards() {
        for (int i = 0; i < klineGuards.length; i++) {
            klineGuards[i] = new SequenceGuard(klineStatus[i], GapFiller.NONE);
        }
    }

    /** One BTCUSDT trade frame through guard, unmarshal, encode and copy. */
    @Benchmark
    public byte[] trade() {
        if (nextTrade == trades.length) {
            nextTrade = 0;
            tradeGuard = new SequenceGuard(tradeStatus, GapFiller.NONE);
        }
        String frame = trades[nextTrade++];
        tradeGuard.onFrame(frame, RECEIVE_TIME, tradeDelivery);
        return lastBody;
    }

    /** One kline_1m frame (three symbols, a stream each) through guard, unmarshal, encode and copy. */
    @Benchmark
    public byte[] kline() {
        if (nextKline == klines.length) {
            nextKline = 0;
            resetKlineGuards();
        }
        klineIndex = nextKline++;
        klineGuards[klineStream[klineIndex]].onFrame(klines[klineIndex], RECEIVE_TIME, klineDelivery);
        return lastBody;
    }

    private void encodeTrade(String frame, boolean backfilled, long receiveTime) {
        TradeEvent event;
        try {
            event = tradeReader.readValue(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int length = tradeEncoder.encode(event, receiveTime, buffer, 0);
        lastBody = Arrays.copyOf(buffer.byteArray(), length);
        tradeStatus.onMessage(length, event.eventTimeMillis() * 1000L, receiveTime);
    }

    private void encodeKline(String frame, boolean backfilled, long receiveTime) {
        KlineEvent event;
        try {
            event = klineReader.readValue(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int stream = klineStream[klineIndex];
        int length = klineEncoders[stream].encode(event, receiveTime, buffer, 0);
        lastBody = Arrays.copyOf(buffer.byteArray(), length);
        klineStatus[stream].onMessage(length, event.eventTimeMillis() * 1000L, receiveTime);
    }

    /** Every trade frame must have been encoded: a dropped "duplicate" would mean the wrong path was measured. */
    @TearDown
    public void checkEveryTradeEncoded() {
        if (tradeStatus.duplicates() != 0 || tradeStatus.gapsUnfilled() != 0) {
            throw new IllegalStateException("Benchmark invalid: " + tradeStatus.duplicates() + " duplicates, "
                    + tradeStatus.gapsUnfilled() + " gaps");
        }
    }
}
