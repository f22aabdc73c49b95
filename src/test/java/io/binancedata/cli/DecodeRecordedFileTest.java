package io.binancedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.binancedata.Application;
import io.binancedata.codec.RealData;
import io.binancedata.pipeline.KlineFrameDecoder;
import io.binancedata.pipeline.TradeFrameDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sink.FramedFileStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decode} through the real entry point on files the product's own encoders and file writer made from real
 * recorded Binance frames: the first four BTCUSDT trades of 2024-08-08 (the fourth as a backfilled trade, without
 * event time) and an ETHUSDT 1m kline of 2021-04-04. Outputs are compared exactly, values checked by hand against the
 * recordings.
 */
class DecodeRecordedFileTest {
    private static final String TRADE_1 = "{\"type\":\"Trade\",\"eventTime\":1723161255343000,\"tradeTime\":"
            + "1723161255342000,\"receiveTime\":1723161254087896,\"tradeId\":3735683259,\"price\":\"61837.63\","
            + "\"quantity\":\"0.02\",\"buyerIsMaker\":true,\"source\":\"LIVE\",\"symbol\":\"BTCUSDT\"}";
    private static final String TRADE_2 = "{\"type\":\"Trade\",\"eventTime\":1723161255619000,\"tradeTime\":"
            + "1723161255617000,\"receiveTime\":1723161254347673,\"tradeId\":3735683260,\"price\":\"61837.63\","
            + "\"quantity\":\"0.048\",\"buyerIsMaker\":true,\"source\":\"LIVE\",\"symbol\":\"BTCUSDT\"}";
    private static final String TRADE_3 = "{\"type\":\"Trade\",\"eventTime\":1723161255619000,\"tradeTime\":"
            + "1723161255617000,\"receiveTime\":1723161254347674,\"tradeId\":3735683261,\"price\":\"61837.63\","
            + "\"quantity\":\"0.00009\",\"buyerIsMaker\":true,\"source\":\"LIVE\",\"symbol\":\"BTCUSDT\"}";
    private static final String TRADE_4_BACKFILLED = "{\"type\":\"Trade\",\"eventTime\":null,\"tradeTime\":"
            + "1723161255617000,\"receiveTime\":1723161254347674,\"tradeId\":3735683262,\"price\":\"61837.63\","
            + "\"quantity\":\"0.00009\",\"buyerIsMaker\":true,\"source\":\"BACKFILL\",\"symbol\":\"BTCUSDT\"}";
    private static final String TRADE_HEADER =
            "eventTime,tradeTime,receiveTime,tradeId,price,quantity,buyerIsMaker,source,symbol\n";
    private static final String TRADE_CSV = TRADE_HEADER
            + "1723161255343000,1723161255342000,1723161254087896,3735683259,61837.63,0.02,true,LIVE,BTCUSDT\n"
            + "1723161255619000,1723161255617000,1723161254347673,3735683260,61837.63,0.048,true,LIVE,BTCUSDT\n"
            + "1723161255619000,1723161255617000,1723161254347674,3735683261,61837.63,0.00009,true,LIVE,BTCUSDT\n"
            + ",1723161255617000,1723161254347674,3735683262,61837.63,0.00009,true,BACKFILL,BTCUSDT\n";
    /** Receive times of the four trades: the recording's nanosecond stamps, in µs. */
    private static final long[] RECEIVED = {1723161254087896L, 1723161254347673L, 1723161254347674L,
        1723161254347674L};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String trades;
    private String klines;

    @BeforeEach
    void writeRecordedFramesWithTheProductsWriter() throws Exception {
        List<String> frames = RealData.trades(RealData.BTC_TRADES_2024).subList(0, 4);
        String kline = RealData.dataObjects(RealData.KLINES_2021, s -> s.equals("ethusdt@kline_1m")).get(0);
        TradeFrameDecoder tradeDecoder = new TradeFrameDecoder("BTCUSDT");
        KlineFrameDecoder klineDecoder = new KlineFrameDecoder("ETHUSDT", "1m");
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (FramedFileStore store = new FramedFileStore(dir, 4, false)) {
            for (int i = 0; i < frames.size(); i++) {
                char[] chars = frames.get(i).toCharArray();
                int length = tradeDecoder.decode(chars, 0, chars.length, RECEIVED[i],
                        i == 3 ? Source.BACKFILL : Source.LIVE, buffer, 0);
                store.append("trade", "BTCUSDT", null, Arrays.copyOf(buffer.byteArray(), length));
            }
            char[] chars = kline.toCharArray();
            int length = klineDecoder.decode(chars, 0, chars.length, 1617566592629411L, Source.LIVE, buffer, 0);
            store.append("kline", "ETHUSDT", "1m", Arrays.copyOf(buffer.byteArray(), length));
        }
        trades = dir.resolve("trade/BTCUSDT/2024-08-08.sbe").toString();
        klines = dir.resolve("kline_1m/ETHUSDT/2021-04-04.sbe").toString();
    }

    @Test
    void shouldPrintTheRecordedTradesAsJsonLinesByDefault() throws Exception {
        assertThat(decode(trades)).isZero();
        assertThat(out()).isEqualTo(TRADE_1 + "\n" + TRADE_2 + "\n" + TRADE_3 + "\n" + TRADE_4_BACKFILLED + "\n");
        assertThat(err()).isEmpty();
        assertThat(decode("--format", "json", trades)).isZero();
        assertThat(out()).isEqualTo(TRADE_1 + "\n" + TRADE_2 + "\n" + TRADE_3 + "\n" + TRADE_4_BACKFILLED + "\n");
    }

    @Test
    void shouldPrintTheRecordedTradesAsCsvWithAnEmptyEventTimeForTheBackfilledOne() throws Exception {
        assertThat(decode("--format", "csv", trades)).isZero();
        assertThat(out()).isEqualTo(TRADE_CSV);
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldPrintARecordedKlineAsCsv() throws Exception {
        assertThat(decode("--format=csv", klines)).isZero();
        assertThat(out()).isEqualTo("eventTime,openTime,closeTime,receiveTime,interval,firstTradeId,lastTradeId,"
                + "tradeCount,open,high,low,close,volume,quoteVolume,takerBuyVolume,takerBuyQuoteVolume,closed,source,"
                + "symbol\n1617566591776000,1617566580000000,1617566639999000,1617566592629411,1m,346711017,346711087,"
                + "71,2063.88,2065,2063.88,2064.73,70.86425,146321.715607,46.98201,97009.7761741,false,LIVE,ETHUSDT\n");
    }

    @Test
    void shouldKeepTradesWhoseTradeTimeIsFromIncludedToExcluded() throws Exception {
        assertThat(decode("--from", "2024-08-08T23:54:15.342Z", "--to", "2024-08-08T23:54:15.617Z", trades)).isZero();
        assertThat(out()).isEqualTo(TRADE_1 + "\n");

        assertThat(decode("--format", "csv", "--from", "2024-08-09T01:54:15.617+02:00", trades)).isZero();
        assertThat(out()).as("the backfilled trade has a trade time").isEqualTo(TRADE_HEADER
                + "1723161255619000,1723161255617000,1723161254347673,3735683260,61837.63,0.048,true,LIVE,BTCUSDT\n"
                + "1723161255619000,1723161255617000,1723161254347674,3735683261,61837.63,0.00009,true,LIVE,BTCUSDT\n"
                + ",1723161255617000,1723161254347674,3735683262,61837.63,0.00009,true,BACKFILL,BTCUSDT\n");
        assertThat(err()).isEmpty();

        assertThat(decode("--from", "2024-08-08T23:54:15.342000001Z", "--to", "2024-08-09", trades)).isZero();
        assertThat(out()).as("a bound between two microseconds").isEqualTo(TRADE_2 + "\n" + TRADE_3 + "\n"
                + TRADE_4_BACKFILLED + "\n");

        assertThat(decode("--to", "2024-08-08", trades, klines)).isZero();
        assertThat(out()).as("the kline by its open time").startsWith("{\"type\":\"Kline\",\"eventTime\":1617566591776000,");
        assertThat(out().lines()).hasSize(1);
    }

    @Test
    void shouldLeaveOutBackfilledTradesWhenFilteringOnEventTimeAndSaySo() throws Exception {
        assertThat(decode("--time", "event", "--from", "2024-08-08T23:54:15.619Z", trades)).isZero();
        assertThat(out()).isEqualTo(TRADE_2 + "\n" + TRADE_3 + "\n");
        assertThat(err()).isEqualTo("decode: 1 backfilled message(s) have no event time and were left out"
                + " (--time event)\n");

        assertThat(decode("--time", "event", "--to", "2024-08-08T23:54:15.619Z", trades)).isZero();
        assertThat(out()).isEqualTo(TRADE_1 + "\n");

        assertThat(decode("--time", "event", trades)).as("no bound: nothing left out").isZero();
        assertThat(out()).isEqualTo(TRADE_1 + "\n" + TRADE_2 + "\n" + TRADE_3 + "\n" + TRADE_4_BACKFILLED + "\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldRefuseBadRangesInOneLine() throws Exception {
        assertThat(decode("--from", "2024-08-09", "--to", "2024-08-09", trades)).isEqualTo(2);
        assertThat(err()).isEqualTo("binance-data-integration decode: --from 2024-08-09T00:00:00Z is not before --to"
                + " 2024-08-09T00:00:00Z: the range is empty (see 'binance-data-integration decode --help')\n");
        assertThat(decode("--from", "2024-08-08T23:54:15", trades)).isEqualTo(2);
        assertThat(err()).isEqualTo("binance-data-integration decode: Invalid value for option '--from':"
                + " '2024-08-08T23:54:15' is not an ISO-8601 instant: expected e.g. 2024-08-08T23:54:00Z,"
                + " 2024-08-09T01:54:00.5+02:00 or 2024-08-08 (start of the day, UTC)"
                + " (see 'binance-data-integration decode --help')\n");
        assertThat(decode("--time", "receive", trades)).isEqualTo(2);
        assertThat(err()).isEqualTo("binance-data-integration decode: Invalid value for option '--time': expected"
                + " one of [trade, event] (case-sensitive) but was 'receive'"
                + " (see 'binance-data-integration decode --help')\n");
        assertThat(out()).isEmpty();
    }

    /** Runs {@code decode args} on fresh output and error streams; returns the exit code. */
    private int decode(String... args) throws Exception {
        out.reset();
        err.reset();
        List<String> command = new ArrayList<>(List.of("decode"));
        command.addAll(List.of(args));
        return Application.execute(command.toArray(String[]::new), out, err);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
