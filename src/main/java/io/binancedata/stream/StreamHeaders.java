package io.binancedata.stream;

/**
 * Names of the Camel message headers every stream route sets on the SBE messages it delivers to its sinks.
 * They are plain Java identifiers so JMS carries them as message properties unchanged.
 */
public final class StreamHeaders {
    /** Binance stream name, e.g. {@code btcusdt@trade} or {@code btcusdt@kline_1m}. */
    public static final String STREAM = "BinanceStream";
    /** Stable stream id (also the route id), e.g. {@code trade-btcusdt} or {@code kline-btcusdt-1m}. */
    public static final String STREAM_ID = "BinanceStreamId";
    /** Upper-case symbol, e.g. {@code BTCUSDT}. */
    public static final String SYMBOL = "BinanceSymbol";
    /** {@code trade} or {@code kline}. */
    public static final String KIND = "BinanceKind";
    /** Kline interval as Binance writes it ({@code 1m}); absent on trade streams. */
    public static final String INTERVAL = "BinanceInterval";
    /** Exchange event time of the message, microseconds since the epoch (long). */
    public static final String EVENT_TIME = "BinanceEventTime";
    /** When this process read the frame, microseconds since the epoch (long). */
    public static final String RECEIVE_TIME = "BinanceReceiveTime";
    /** SBE template id of the body (1 = Trade, 2 = Kline). */
    public static final String TEMPLATE_ID = "BinanceSbeTemplateId";
    /**
     * {@code true} on events fetched over REST to fill a gap in the live stream; absent on live events. On a batch:
     * {@code true} when at least one of its messages was.
     */
    public static final String BACKFILLED = "BinanceBackfilled";
    /** Messages in a batch (an exchange carrying an {@code EventBatch}). */
    public static final String MESSAGE_COUNT = "BinanceMessageCount";
    /** Trade id (trades) or kline open time in µs (klines) of a batch's first message. */
    public static final String FIRST_SEQUENCE = "BinanceFirstSequence";
    /** Trade id (trades) or kline open time in µs (klines) of a batch's last message. */
    public static final String LAST_SEQUENCE = "BinanceLastSequence";
    /**
     * In a cluster, the term under which this instance led the stream's group when the batch was read
     * ({@link LeaderTerms}, long): a Kafka sink writes the batch only while that term is current.
     */
    public static final String LEADER_TERM = "BinanceLeaderTerm";
    /** Why a frame was dead-lettered. */
    public static final String DEAD_LETTER_REASON = "BinanceDeadLetterReason";
    /**
     * Exchange property (not a header) holding the batch's {@link EventBatch} once the frame pipeline made it: what the
     * stream counts as delivered and dead-letters on a sink failure, whatever a sink did to the message body.
     */
    public static final String EVENTS_PROPERTY = "BinanceEvents";

    private StreamHeaders() {
    }
}
