package io.binancedata.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.binancedata.codec.EventTimes;
import io.binancedata.codec.SbeFraming;
import io.binancedata.sbe.KlineDecoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.TradeDecoder;
import io.binancedata.sequence.FrameScanner;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where one stream's messages in a Kafka topic end, as {@link KafkaPositions} reads the topic back from its end, one
 * window of records after the other (each window older than the one before, read oldest first): the position the
 * stream's {@code SequenceGuard} would hold after delivering the last message. A trade stream is complete with its
 * last message; a kline stream also needs the trade ids of its last kline that had trades (the guard keeps them across
 * a candle without trades, {@code f = L = -1}), which may be in an older message.
 * <p>
 * "Last" is by the stream's order, not the topic's: a gap kept unfilled by an earlier run and filled at a later start
 * is written after newer messages (older trade ids, older candles), so the newest message is the one with the highest
 * trade id, or the latest (open time, event time), on a tie the later record; and the windows are read back until one
 * held a live message (a late fill is backfilled: the live messages it followed may lie in an older window).
 * <p>
 * The topic does not record a gap the writer left unfilled; a missing candle does. After one, the guard no longer knows
 * the trade id the next candle starts at, so neither does a kline position whose candles after its last one with
 * trades do not follow each other bucket by bucket.
 */
final class StreamEnd {
    private static final long MICROS_PER_MILLI = 1000;
    private static final int TRADE_ROOT = TradeDecoder.tradeIdEncodingOffset() + Long.BYTES;
    private static final int KLINE_ROOT = KlineDecoder.closedEncodingOffset() + KlineDecoder.closedEncodingLength();

    /** One message's sequence fields, in milliseconds as the guard keeps them; a trade uses {@code tradeId} only. */
    private record Fields(long tradeId, long openTime, long eventTime, long closeTime, boolean closed,
                          long firstTradeId, long lastTradeId, boolean live) {
        boolean hasTradeIds() {
            return firstTradeId >= 0 && lastTradeId >= 0;
        }

        /** Whether this message comes before {@code other} in the stream's order. */
        boolean before(Fields other) {
            return tradeId != other.tradeId ? tradeId < other.tradeId
                    : openTime != other.openTime ? openTime < other.openTime : eventTime < other.eventTime;
        }

        /** The newer of two messages in the stream's order ({@code b} on a tie: the later record); either null. */
        static Fields newer(Fields a, Fields b) {
            return a == null ? b : b == null || b.before(a) ? a : b;
        }
    }

    private final boolean kline;
    private Fields last;
    private Fields withTradeIds;
    private Fields windowLast;
    private Fields windowWithTradeIds;
    private boolean live;
    private boolean windowLive;
    /** Open time → close time (ms) of the candles read without trades newer than {@link #withTradeIds}. */
    private final Long2LongHashMap withoutTrades = new Long2LongHashMap(Long.MIN_VALUE);

    /** The end of a kline stream when {@code kline}, else of a trade stream. */
    StreamEnd(boolean kline) {
        this.kline = kline;
    }

    /** Whether the windows read so far hold everything the position needs: no older record can change it. */
    boolean complete() {
        return last != null && live && (!kline || last.hasTradeIds() || withTradeIds != null);
    }

    /** Whether a window held a message of this stream. */
    boolean found() {
        return last != null;
    }

    /**
     * Takes the messages of one record of this stream, in the order of the window (later records after earlier ones).
     *
     * @param framed the value holds a batch's messages, each after its framing header ({@code batch=true} records)
     * @throws IllegalArgumentException if the value is not this stream's SBE message, or framed messages, whole
     */
    void offer(byte[] value, boolean framed) {
        for (Fields message : messages(value, framed)) {
            windowLast = Fields.newer(windowLast, message);
            if (message.hasTradeIds()) {
                windowWithTradeIds = Fields.newer(windowWithTradeIds, message);
            } else if (kline) {
                withoutTrades.put(message.openTime(), message.closeTime());
            }
            windowLive |= message.live();
        }
    }

    /**
     * The window is read. Windows come newest first, so an older window's message normally changes nothing; one
     * newer in the stream's order than any read before (a late fill was written after it) does.
     */
    void endWindow() {
        last = Fields.newer(windowLast, last);
        Fields ids = Fields.newer(windowWithTradeIds, withTradeIds);
        if (ids != withTradeIds) {
            withoutTrades.entrySet().removeIf(candle -> candle.getKey() <= ids.openTime());
            withTradeIds = ids;
        }
        live |= windowLive;
        windowLast = null;
        windowWithTradeIds = null;
        windowLive = false;
    }

    /**
     * The position in {@code SequenceGuard}'s text once a window held a message of the stream: {@code trade <id>}, or
     * {@code kline <open> <event> <close> <closed> <next first trade id>} in milliseconds, the trade id the next candle
     * starts at as the guard keeps it: from the last kline that had trades, its {@code L + 1} when closed, its
     * {@code f} when open ({@link FrameScanner#ABSENT} when none was read, as a guard that never saw one writes it, or
     * when a candle is missing after it: a gap left unfilled, after which the guard no longer knows it either).
     * A backfilled kline has no event time: its exchange time stands in, the close time + 1 ms, which is what its
     * frame says and what the guard would have read from it (its candle is closed, so the next update of it is
     * dropped whatever the event time).
     */
    Optional<String> position() {
        if (last == null) {
            return Optional.empty();
        }
        if (!kline) {
            return Optional.of("trade " + last.tradeId());
        }
        Fields ids = last.hasTradeIds() ? last : withTradeIds;
        long next = ids == null || !candlesFollow(ids, last) ? FrameScanner.ABSENT
                : ids.closed() ? ids.lastTradeId() + 1 : ids.firstTradeId();
        return Optional.of("kline " + last.openTime() + " " + last.eventTime() + " " + last.closeTime() + " "
                + last.closed() + " " + next);
    }

    /** Whether every bucket after {@code from}'s up to {@code to}'s has a candle read (without trades). */
    private boolean candlesFollow(Fields from, Fields to) {
        long open = from.closeTime() + 1;
        while (open <= to.openTime()) {
            long close = withoutTrades.get(open);
            if (close == withoutTrades.missingValue() || close < open) {
                return false;
            }
            open = close + 1;
        }
        return true;
    }

    private List<Fields> messages(byte[] value, boolean framed) {
        UnsafeBuffer buffer = new UnsafeBuffer(value);
        if (!framed) {
            return List.of(decode(buffer, 0, value.length));
        }
        List<Fields> messages = new ArrayList<>();
        int offset = 0;
        while (offset < value.length) {
            int length = SbeFraming.wholeFrameLength(buffer, offset, value.length);
            if (SbeFraming.encodingType(buffer, offset) != SbeFraming.SBE_LE_ENCODING) {
                throw new IllegalArgumentException("framed batch: the frame at " + offset + " is not an SBE message");
            }
            messages.add(decode(buffer, offset + SbeFraming.HEADER_LENGTH, length - SbeFraming.HEADER_LENGTH));
            offset += length;
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("framed batch without a message");
        }
        return messages;
    }

    private Fields decode(DirectBuffer buffer, int offset, int length) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new IllegalArgumentException("an SBE message of " + length + " bytes has no header");
        }
        MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        int templateId = kline ? KlineDecoder.TEMPLATE_ID : TradeDecoder.TEMPLATE_ID;
        if (header.schemaId() != TradeDecoder.SCHEMA_ID || header.templateId() != templateId) {
            throw new IllegalArgumentException("SBE schema " + header.schemaId() + " template " + header.templateId()
                    + ", expected schema " + TradeDecoder.SCHEMA_ID + " template " + templateId);
        }
        int root = header.blockLength();
        if (root < (kline ? KLINE_ROOT : TRADE_ROOT) || length < MessageHeaderDecoder.ENCODED_LENGTH + root) {
            throw new IllegalArgumentException("SBE message of " + length + " bytes, root block of " + root
                    + " bytes: too short");
        }
        if (!kline) {
            TradeDecoder trade = new TradeDecoder().wrapAndApplyHeader(buffer, offset, header);
            return new Fields(trade.tradeId(), 0, 0, 0, false, 0, 0, trade.eventTime() != EventTimes.NULL);
        }
        return klineFields(new KlineDecoder().wrapAndApplyHeader(buffer, offset, header));
    }

    private static Fields klineFields(KlineDecoder kline) {
        short closed = kline.closedRaw();
        if (closed != 0 && closed != 1) {
            throw new IllegalArgumentException("kline closed flag " + closed);
        }
        long eventTime = EventTimes.klineExchangeTime(kline.eventTime(), kline.closeTime());
        return new Fields(0, kline.openTime() / MICROS_PER_MILLI, eventTime / MICROS_PER_MILLI,
                kline.closeTime() / MICROS_PER_MILLI, closed == 1, kline.firstTradeId(), kline.lastTradeId(),
                kline.eventTime() != EventTimes.NULL);
    }
}
