package io.binancedata.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.Application;
import io.binancedata.cli.DecodeCommand;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code decode} through the real entry point ({@link Application#execute}), on frames built with this package's
 * reference encoders (a real recorded file: {@code cli.DecodeRecordedFileTest}).
 */
class DecodeCommandTest {
    private static final String NON_ASCII_JSON = "{\"type\":\"Trade\",\"eventTime\":1000,\"tradeTime\":2000,"
        + "\"receiveTime\":5,\"tradeId\":7,\"price\":\"0.00000001\",\"quantity\":\"12345678901234\","
        + "\"buyerIsMaker\":false,\"source\":\"LIVE\",\"symbol\":\"币安人生USDT\"}";

    @TempDir
    Path dir;

    private final ObjectMapper mapper = EventMapper.create();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private byte[] trade;
    private byte[] kline;
    private byte[] nonAscii;

    @BeforeEach
    void encodeFrames() throws Exception {
        trade = frame(mapper.readValue(EventMapperTest.TRADE, TradeEvent.class), 1723161254087896L);
        kline = frame(mapper.readValue(EventMapperTest.KLINE, KlineEvent.class), 1617566640100123L);
        nonAscii = frame(new TradeEvent("trade", 1, "币安人生USDT", 7, "0.00000001", "12345678901234.00000000", 2,
            false), 5);
    }

    @Test
    void shouldPrintOneJsonLinePerFramedMessage() throws Exception {
        final Path file = write("a.sbe", trade, kline, nonAscii);

        final int exitCode = run(file.toString());

        assertThat(exitCode).isEqualTo(DecodeCommand.OK);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.TRADE_JSON + "\n" + SbeJsonPrinterTest.KLINE_JSON + "\n"
            + NON_ASCII_JSON + "\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldDecodeSeveralFilesInOrderAndAcceptEmptyOnes() throws Exception {
        final Path first = write("1.sbe", kline);
        final Path empty = write("2.sbe");
        final Path second = write("3.sbe", trade);

        assertThat(run(first.toString(), empty.toString(), second.toString())).isEqualTo(DecodeCommand.OK);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.KLINE_JSON + "\n" + SbeJsonPrinterTest.TRADE_JSON + "\n");
    }

    @Test
    void shouldDecodeAFileOfAnEarlierVersionContinuedWithLiveAndBackfilledMessages() throws Exception {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int v1Length = SchemaV1.encodeTrade(buffer, SbeFraming.HEADER_LENGTH, 1723161255343000L,
            1723161255342000L, 1723161254087896L, 3735683259L, 6183763, -2, 2, -2, true, "BTCUSDT");
        final byte[] v1Trade = Arrays.copyOf(buffer.byteArray(), SbeFraming.writeHeader(buffer, 0, v1Length));
        final byte[] backfilled = trade.clone();
        new TradeEncoder().wrap(new UnsafeBuffer(backfilled), SbeFraming.HEADER_LENGTH + 8)
            .eventTime(TradeEncoder.eventTimeNullValue()).source(Source.BACKFILL);
        final Path file = write("upgraded.sbe", v1Trade, trade, backfilled);

        assertThat(run(file.toString())).isEqualTo(DecodeCommand.OK);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.TRADE_JSON.replace("\"source\":\"LIVE\",", "") + "\n"
            + SbeJsonPrinterTest.TRADE_JSON + "\n"
            + SbeJsonPrinterTest.TRADE_JSON.replace("1723161255343000", "null").replace("LIVE", "BACKFILL") + "\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldReportTruncatedTrailingFrameWithFileAndOffset() throws Exception {
        final Path file = write("cut.sbe", trade, kline, Arrays.copyOf(trade, trade.length - 3));

        final int exitCode = run(file.toString());

        assertThat(exitCode).isEqualTo(DecodeCommand.FAILED);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.TRADE_JSON + "\n" + SbeJsonPrinterTest.KLINE_JSON + "\n");
        final int offset = trade.length + kline.length;
        assertThat(err()).isEqualTo(file + ": byte offset " + offset + ": truncated frame: " + (trade.length - 3)
            + " of " + trade.length + " bytes\n");
    }

    @Test
    void shouldReportBadFramingTypeAndStopThatFile() throws Exception {
        final byte[] broken = kline.clone();
        broken[4] = 0x12;
        final Path bad = write("bad.sbe", trade, broken, trade);
        final Path good = write("good.sbe", kline);

        final int exitCode = run(bad.toString(), good.toString());

        assertThat(exitCode).isEqualTo(DecodeCommand.FAILED);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.TRADE_JSON + "\n" + SbeJsonPrinterTest.KLINE_JSON + "\n");
        assertThat(err()).isEqualTo(bad + ": byte offset " + trade.length
            + ": encoding type 0x1250, expected 0xEB50\n");
    }

    @Test
    void shouldReportUndecodableMessageAndGoOn() throws Exception {
        final byte[] unknown = trade.clone();
        unknown[SbeFraming.HEADER_LENGTH + 2] = 9;
        final Path file = write("mixed.sbe", trade, unknown, kline);

        final int exitCode = run(file.toString());

        assertThat(exitCode).isEqualTo(DecodeCommand.FAILED);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.TRADE_JSON + "\n" + SbeJsonPrinterTest.KLINE_JSON + "\n");
        assertThat(err()).isEqualTo(file + ": byte offset " + trade.length
            + ": unknown templateId 9 (known: Trade=1, Kline=2)\n");
    }

    @Test
    void shouldReportMissingFileAndUsage() throws Exception {
        final String missing = dir.resolve("nope.sbe").toString();

        assertThat(run(missing)).isEqualTo(DecodeCommand.FAILED);
        assertThat(err()).isEqualTo(missing + ": no such file\n");
        err.reset();
        assertThat(run()).isEqualTo(2);
        assertThat(err()).isEqualTo("binance-data-integration decode: Missing required parameter: 'FILE'"
            + " (see 'binance-data-integration decode --help')\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldSayAFileThatIsNotFramedSbeIsNotAndGoOnWithTheNext() throws Exception {
        final Path text = Files.writeString(dir.resolve("notes.txt"), "{\"e\":\"trade\"}\n");
        final Path cut = write("cut-in-first-frame.sbe", Arrays.copyOf(trade, 10));
        final Path good = write("good.sbe", trade);

        assertThat(run(text.toString(), dir.toString(), cut.toString(), good.toString()))
            .isEqualTo(DecodeCommand.FAILED);
        assertThat(out()).isEqualTo(SbeJsonPrinterTest.TRADE_JSON + "\n");
        assertThat(err()).isEqualTo(text + ": not a framed SBE file (byte offset 0: encoding type 0x3A22, expected"
            + " 0xEB50)\n" + dir + ": cannot read: Is a directory\n" + cut + ": byte offset 0: truncated frame: 10 of "
            + trade.length + " bytes\n");
    }

    @Test
    void shouldWriteCsvWithAHeaderAndRefuseRowsOfAnotherType() throws Exception {
        final Path trades = write("trades.sbe", trade, nonAscii);
        final Path klines = write("klines.sbe", kline, kline, kline);

        assertThat(run("--format", "csv", trades.toString(), klines.toString())).isEqualTo(DecodeCommand.FAILED);
        assertThat(out()).isEqualTo("eventTime,tradeTime,receiveTime,tradeId,price,quantity,buyerIsMaker,source,symbol\n"
            + "1723161255343000,1723161255342000,1723161254087896,3735683259,61837.63,0.02,true,LIVE,BTCUSDT\n"
            + "1000,2000,5,7,0.00000001,12345678901234,false,LIVE,币安人生USDT\n");
        assertThat(err()).as("once per file").isEqualTo(klines + ": byte offset 0: a Kline does not fit the CSV's"
            + " Trade columns: decode trade files and kline files separately (the rest of this file skipped)\n");
    }

    private int run(final String... files) throws Exception {
        final String[] args = new String[files.length + 1];
        args[0] = "decode";
        System.arraycopy(files, 0, args, 1, files.length);
        return Application.execute(args, out, err);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path write(final String name, final byte[]... frames) throws Exception {
        return Files.write(dir.resolve(name), SbeFramingTest.concat(frames));
    }

    private static byte[] frame(final TradeEvent event, final long receiveTimeMicros) {
        final UnsafeBuffer buffer = Sbe.randomBuffer(SbeFraming.HEADER_LENGTH + TradeEventEncoder.MAX_ENCODED_LENGTH,
            11);
        final int length = new TradeEventEncoder().encode(event, receiveTimeMicros, buffer, SbeFraming.HEADER_LENGTH);
        return Arrays.copyOf(buffer.byteArray(), SbeFraming.writeHeader(buffer, 0, length));
    }

    private static byte[] frame(final KlineEvent event, final long receiveTimeMicros) {
        final UnsafeBuffer buffer = Sbe.randomBuffer(SbeFraming.HEADER_LENGTH + KlineEventEncoder.MAX_ENCODED_LENGTH,
            12);
        final int length = new KlineEventEncoder().encode(event, receiveTimeMicros, buffer, SbeFraming.HEADER_LENGTH);
        return Arrays.copyOf(buffer.byteArray(), SbeFraming.writeHeader(buffer, 0, length));
    }
}
