package io.binancedata.bench.e2e;

import io.binancedata.codec.FramingException;
import io.binancedata.codec.SbeFrameReader;
import io.binancedata.fake.BurstLog;
import io.binancedata.fake.TapeTrade;
import io.binancedata.sbe.BooleanType;
import io.binancedata.sbe.DecimalDecoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.Source;
import io.binancedata.sbe.TradeDecoder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every message the product wrote for a burst and checks it against what the exchange sent: per stream,
 * exactly the burst's trades (its warm-up trades, then its measured ones), each once, in id order (consecutive ids from the tape's first), with the exact event
 * and trade times (ms × 1000), price, quantity (same decimal value) and buyer-is-maker flag, under the stream's
 * symbol, and a receive time that is set (positive). A trade fetched over REST to fill a gap (source
 * {@code BACKFILL}, schema version 2) must have the SBE null event time instead, and is counted
 * ({@link #backfilled()}). Keeps each trade's {@code receiveTime}, which is the product's own stamp on its own clock
 * and is compared with the exchange's clock only in the latency table.
 */
public final class SinkCheck {
    private static final int ERRORS_KEPT = 10;

    private final BurstFiles files;
    private final BurstLog burst;
    private final long[][] receiveMicros;
    private final List<String> firstErrors = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private long errors;
    private long trades;
    private long backfilled;

    private SinkCheck(BurstFiles files, BurstLog burst) {
        this.files = files;
        this.burst = burst;
        this.receiveMicros = new long[files.streams()][burst.plan().tradesSentPerStream()];
    }

    public static SinkCheck verify(BurstFiles files, BurstLog burst) {
        SinkCheck check = new SinkCheck(files, burst);
        for (int stream = 0; stream < files.streams(); stream++) {
            check.verifyStream(stream);
        }
        return check;
    }

    /** Messages decoded in all files. */
    public long trades() {
        return trades;
    }

    /** Trades whose source is {@code BACKFILL}. */
    public long backfilled() {
        return backfilled;
    }

    public long errors() {
        return errors;
    }

    public List<String> firstErrors() {
        return firstErrors;
    }

    public boolean passed() {
        return errors == 0 && trades == burst.plan().totalTradesSent();
    }

    long receiveEpochMicros(int stream, int index) {
        return receiveMicros[stream][index];
    }

    private void verifyStream(int stream) {
        int index = 0;
        for (int f = 0; f < files.fileCount(); f++) {
            Path file = files.file(stream, f);
            if (!Files.exists(file)) {
                error(file + ": missing");
                continue;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                SbeFrameReader reader = new SbeFrameReader(in);
                while (reader.next()) {
                    trades++;
                    if (index >= burst.plan().tradesSentPerStream()) {
                        error(file + " @" + reader.frameOffset() + ": more trades than the burst's "
                                + burst.plan().tradesSentPerStream());
                    } else {
                        check(stream, index, file, reader);
                    }
                    index++;
                }
            } catch (FramingException e) {
                error(file + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        if (index != burst.plan().tradesSentPerStream()) {
            error(files.symbol(stream) + ": " + index + " trades written, " + burst.plan().tradesSentPerStream()
                    + " sent");
        }
    }

    private void check(int stream, int index, Path file, SbeFrameReader reader) {
        header.wrap(reader.buffer(), 0);
        TapeTrade sent = burst.trade(index);
        String where = file.getFileName() + " " + files.symbol(stream) + " trade " + index;
        if (header.templateId() != TradeDecoder.TEMPLATE_ID || header.schemaId() != TradeDecoder.SCHEMA_ID) {
            error(where + ": template " + header.templateId() + " of schema " + header.schemaId());
            return;
        }
        int expectedLength = MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength()
                + TradeDecoder.symbolHeaderLength() + files.symbol(stream).getBytes(StandardCharsets.UTF_8).length;
        if (reader.messageLength() != expectedLength) {
            error(where + ": message length " + reader.messageLength() + ", expected " + expectedLength
                    + " (block length " + header.blockLength() + ", schema version " + header.version() + ")");
            return;
        }
        // the decoder follows the message's own block length and version, so a jar of an older schema decodes too
        trade.wrapAndApplyHeader(reader.buffer(), 0, header);
        receiveMicros[stream][index] = trade.receiveTime();
        // a version-1 message has no source (NULL_VAL): it is live
        boolean fromRest = trade.source() == Source.BACKFILL;
        long eventTime = fromRest ? TradeDecoder.eventTimeNullValue() : sent.eventTime() * 1000;
        if (fromRest) {
            backfilled++;
        }
        if (trade.tradeId() != sent.id()) {
            error(where + ": trade id " + trade.tradeId() + ", sent " + sent.id());
        } else if (trade.eventTime() != eventTime || trade.tradeTime() != sent.tradeTime() * 1000) {
            error(where + ": times " + trade.eventTime() + "/" + trade.tradeTime() + " (" + trade.source()
                    + "), sent " + sent.eventTime() + "/" + sent.tradeTime() + " ms");
        } else if (!same(trade.price(), sent.price()) || !same(trade.quantity(), sent.qty())) {
            error(where + ": price/quantity " + value(trade.price()) + "/" + value(trade.quantity()) + ", sent "
                    + sent.price() + "/" + sent.qty());
        } else if ((trade.buyerIsMaker() == BooleanType.TRUE) != sent.buyerMaker()) {
            error(where + ": buyerIsMaker " + trade.buyerIsMaker() + ", sent " + sent.buyerMaker());
        } else if (trade.receiveTime() <= 0) {
            error(where + ": receiveTime " + trade.receiveTime());
        } else if (!files.symbol(stream).equals(trade.symbol())) {
            error(where + ": symbol " + trade.symbol());
        }
    }

    private static boolean same(DecimalDecoder decimal, String sent) {
        return value(decimal).compareTo(new BigDecimal(sent)) == 0;
    }

    private static BigDecimal value(DecimalDecoder decimal) {
        return BigDecimal.valueOf(decimal.mantissa(), -decimal.exponent());
    }

    private void error(String message) {
        errors++;
        if (firstErrors.size() < ERRORS_KEPT) {
            firstErrors.add(message);
        }
    }
}
