package io.binancedata.ws;

/**
 * What a trade stream has delivered, as a data-stall probe compares it with the exchange. Read from the supervisor's
 * and the probe's threads while the stream runs.
 */
interface DeliveredPosition {
    /**
     * Whether every frame read from the socket so far has been through the sequence guard (none waits in the inbox
     * or is being drained); only then is {@link #lastTradeId()} the stream's position.
     */
    boolean settled();

    /** Id of the last trade the sequence guard let through, {@code FrameScanner.ABSENT} before the first. */
    long lastTradeId();

    /**
     * The exchange has trades up to {@code tradeId} the stream's connection did not deliver (a confirmed data stall):
     * fetch them now rather than at the stream's next live trade (any thread).
     */
    void catchUp(long tradeId);
}
