package io.binancedata.fake;

/** The {@code <symbol>@trade} stream: the tape's frames in order, from a starting seq. */
final class TradeFrameSource implements FrameSource {
    private final String stream;
    private final SymbolMarket market;
    private long seq;
    private Frame next;

    TradeFrameSource(String stream, SymbolMarket market, long startSeq) {
        this.stream = stream;
        this.market = market;
        this.seq = startSeq;
    }

    @Override
    public Frame peek() {
        TradeSequence sequence = market.sequence();
        if (next == null && sequence.has(seq)) {
            next = new Frame(stream, sequence.time(seq), sequence.frame(seq));
        }
        return next;
    }

    @Override
    public void advance() {
        market.markSent(seq);
        seq++;
        next = null;
    }
}
