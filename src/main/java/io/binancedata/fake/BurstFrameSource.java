package io.binancedata.fake;

/**
 * One connection's frames of a burst trade stream: nothing until the burst is released, then the stream's trades
 * from {@code startSeq} to the end of the burst, each due (steady mode) at its planned time after the release; with a
 * warm-up, its warm-up trades once every stream is subscribed, then nothing until the measured release.
 */
final class BurstFrameSource implements FrameSource {
    private final String stream;
    private final int index;
    private final SymbolMarket market;
    private final Burst burst;
    private long seq;
    private Frame next;
    private long sendingMicros;

    BurstFrameSource(String stream, int index, SymbolMarket market, long startSeq, Burst burst) {
        this.stream = stream;
        this.index = index;
        this.market = market;
        this.seq = startSeq;
        this.burst = burst;
    }

    @Override
    public Frame peek() {
        if (next == null && burst.mayAdvanceTo(seq) && market.sequence().has(seq)) {
            String text = market.sequence().trade(seq).eventJson(market.quotedSymbol());
            next = new Frame(stream, burst.plan().dueMillis(index, seq), text);
        }
        return next;
    }

    @Override
    public void onSending() {
        sendingMicros = burst.log().epochMicros();
    }

    @Override
    public void advance() {
        burst.onSent(index, seq, market.markSent(seq), sendingMicros);
        seq++;
        next = null;
    }
}
