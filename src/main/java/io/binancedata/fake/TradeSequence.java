package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/**
 * A tape seen as an endless (or, without looping, finite) sequence of frames addressed by a sequence number
 * {@code seq}. Pass {@code k = seq / size} of a looping tape has every trade id moved by {@code k × idShift}
 * and every time by {@code k × timeShift}, so ids stay consecutive and times keep increasing; pass 0 is the tape
 * itself, byte for byte. Each frame has a monotone pacing time: its {@code E} (or the latest one before it).
 * A {@code length} cuts the sequence after that many frames (a burst of exactly M trades).
 */
final class TradeSequence {
    private final TradeTape tape;
    private final boolean loop;
    private final long length;
    private final long[] frameTimes;
    private final long[] sortedIds;
    private final int[] frameOfSortedId;
    private final long idShift;
    private final long timeShift;

    TradeSequence(TradeTape tape, boolean loop, long loopGapMillis) {
        this(tape, loop, loopGapMillis, Long.MAX_VALUE);
    }

    /** As {@link #TradeSequence(TradeTape, boolean, long)}, ending after {@code length} frames. */
    TradeSequence(TradeTape tape, boolean loop, long loopGapMillis, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        this.tape = tape;
        int n = tape.size();
        frameTimes = new long[n];
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        long firstId = 0;
        long lastId = -1;
        int tradeCount = 0;
        long[] ids = new long[n];
        int[] frames = new int[n];
        long running = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            TapeTrade trade = tape.trade(i);
            if (trade != null) {
                running = Math.max(running, trade.eventTime());
                minTime = Math.min(minTime, Math.min(trade.eventTime(), trade.tradeTime()));
                maxTime = Math.max(maxTime, Math.max(trade.eventTime(), trade.tradeTime()));
                firstId = tradeCount == 0 ? trade.id() : firstId;
                lastId = trade.id();
                ids[tradeCount] = trade.id();
                frames[tradeCount] = i;
                tradeCount++;
            }
            frameTimes[i] = running;
        }
        long firstTime = tradeCount == 0 ? 0 : minTime;
        for (int i = 0; i < n && frameTimes[i] == Long.MIN_VALUE; i++) {
            frameTimes[i] = firstTime;
        }
        this.loop = loop && n > 0;
        this.length = this.loop ? length : Math.min(length, n);
        this.idShift = tradeCount == 0 ? 0 : lastId - firstId + 1;
        this.timeShift = tradeCount == 0 ? loopGapMillis : maxTime - minTime + loopGapMillis;
        Integer[] order = new Integer[tradeCount];
        for (int i = 0; i < tradeCount; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
        sortedIds = new long[tradeCount];
        frameOfSortedId = new int[tradeCount];
        for (int i = 0; i < tradeCount; i++) {
            sortedIds[i] = ids[order[i]];
            frameOfSortedId[i] = frames[order[i]];
        }
    }

    TradeTape tape() {
        return tape;
    }

    /** Whether any frame of the tape is a complete trade. */
    boolean hasTrades() {
        return sortedIds.length > 0;
    }

    /** Whether {@code seq} exists (always, for seq ≥ 0, on a looping tape without a length). */
    boolean has(long seq) {
        return seq >= 0 && seq < length;
    }

    /**
     * The first frame from {@code seq} up to {@code lastSeq} (inclusive) that carries a trade, or -1 when none does
     * (frames that are not trades are skipped).
     */
    long nextTradeSeq(long seq, long lastSeq) {
        if (!hasTrades()) {
            return -1;
        }
        for (long s = seq; s <= lastSeq && has(s); s++) {
            if (trade(s) != null) {
                return s;
            }
        }
        return -1;
    }

    /** The pacing time of frame {@code seq}, ms (exchange time). */
    long time(long seq) {
        return frameTimes[index(seq)] + pass(seq) * timeShift;
    }

    /** The text to send for frame {@code seq}: the recorded text on pass 0, re-serialised with shifted fields after. */
    String frame(long seq) {
        String raw = tape.frame(index(seq));
        long pass = pass(seq);
        if (pass == 0 || tape.trade(index(seq)) == null) {
            return raw;
        }
        JsonNode node = FakeJson.parseOrNull(raw);
        ObjectNode object = (ObjectNode) node;
        object.put("t", object.get("t").asLong() + pass * idShift);
        object.put("T", object.get("T").asLong() + pass * timeShift);
        if (object.has("E")) {
            object.put("E", object.get("E").asLong() + pass * timeShift);
        }
        return FakeJson.write(object);
    }

    /** The trade of frame {@code seq} (shifted for its pass), or {@code null} for a frame that is not a trade. */
    TapeTrade trade(long seq) {
        TapeTrade trade = tape.trade(index(seq));
        long pass = pass(seq);
        return trade == null ? null : trade.shifted(pass * idShift, pass * timeShift);
    }

    /** The sequence number of the trade with this id, or -1 when no frame carries it. */
    long seqOfTradeId(long id) {
        if (sortedIds.length == 0) {
            return -1;
        }
        long pass = 0;
        if (loop && idShift > 0 && id > sortedIds[sortedIds.length - 1]) {
            pass = Math.floorDiv(id - sortedIds[0], idShift);
        }
        int found = Arrays.binarySearch(sortedIds, id - pass * idShift);
        return found < 0 ? -1 : pass * tape.size() + frameOfSortedId[found];
    }

    /** The first seq whose pacing time is ≥ {@code time}; {@code -1} when the finite tape ends before. */
    long firstSeqAtOrAfter(long time) {
        int n = tape.size();
        if (n == 0) {
            return -1;
        }
        long pass = 0;
        if (loop && time > frameTimes[n - 1]) {
            pass = Math.max(0, Math.floorDiv(time - frameTimes[0], timeShift));
        }
        while (true) {
            int i = lowerBound(time - pass * timeShift);
            if (i < n) {
                return pass * n + i;
            }
            if (!loop) {
                return -1;
            }
            pass++;
        }
    }

    private int lowerBound(long local) {
        int lo = 0;
        int hi = frameTimes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (frameTimes[mid] < local) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int index(long seq) {
        return (int) (seq % tape.size());
    }

    private long pass(long seq) {
        return seq / tape.size();
    }
}
