package io.binancedata.sequence;

import java.util.ArrayList;
import java.util.List;

/**
 * Live events for the sequence guard's tests, as the frame pipeline hands them over: the raw frame, and the
 * {@link SequenceFields} its decoder read. Trade frames of BTCUSDT; 1m kline frames whose candle opening at
 * {@code open} holds trades {@code open / 60_000 * 10} to that + 9.
 */
final class GuardEvents {
    private GuardEvents() {
    }

    static String trade(long id) {
        return "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":" + id + ",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}";
    }

    /** The trade events of ids {@code fromId..toId}, as a filler returns a gap. */
    static List<String> trades(long fromId, long toId) {
        List<String> frames = new ArrayList<>();
        for (long id = fromId; id <= toId; id++) {
            frames.add(trade(id));
        }
        return frames;
    }

    static long firstTradeId(long open) {
        return open / 60_000 * 10;
    }

    static String kline(long open, long event, boolean closed) {
        long first = firstTradeId(open);
        return "{\"e\":\"kline\",\"E\":" + event + ",\"s\":\"BTCUSDT\",\"k\":{\"t\":" + open + ",\"T\":" + (open + 59_999)
                + ",\"f\":" + first + ",\"L\":" + (first + 9) + ",\"x\":" + closed + "}}";
    }

    /** A live trade: admitted (after any gap the guard filled first) and delivered, dropped, or told to wait. */
    static SequenceGuard.Admission liveTrade(SequenceGuard guard, long id, SequenceGuard.Delivery delivery) {
        SequenceGuard.Admission admission = guard.admit(new SequenceFields().trade(id), 0, delivery);
        if (admission == SequenceGuard.Admission.DELIVER) {
            delivery.deliver(trade(id), false, 0);
        }
        return admission;
    }

    /** A live update of the 1m candle opening at {@code open}, with the fields {@link #kline} writes. */
    static SequenceGuard.Admission liveKline(SequenceGuard guard, long open, long event, boolean closed,
                                             SequenceGuard.Delivery delivery) {
        long first = firstTradeId(open);
        SequenceGuard.Admission admission = guard.admit(
                new SequenceFields().kline(open, event, open + 59_999, closed, first, first + 9), 0, delivery);
        if (admission == SequenceGuard.Admission.DELIVER) {
            delivery.deliver(kline(open, event, closed), false, 0);
        }
        return admission;
    }

    /** A live kline of a bucket without trades yet ({@code f} and {@code L} -1, as Binance sends it). */
    static SequenceGuard.Admission liveKlineWithoutTrades(SequenceGuard guard, long open, long event, boolean closed,
                                                          SequenceGuard.Delivery delivery) {
        SequenceGuard.Admission admission = guard.admit(
                new SequenceFields().kline(open, event, open + 59_999, closed, -1, -1), 0, delivery);
        if (admission == SequenceGuard.Admission.DELIVER) {
            delivery.deliver("{\"e\":\"kline\",\"E\":" + event + ",\"s\":\"BTCUSDT\",\"k\":{\"t\":" + open
                    + ",\"T\":" + (open + 59_999) + ",\"f\":-1,\"L\":-1,\"x\":" + closed + "}}", false, 0);
        }
        return admission;
    }
}
