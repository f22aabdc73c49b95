package io.binancedata.ws;

import java.time.Duration;

/**
 * How a {@link CombinedConnection} shares its socket among streams and keeps within Binance's limits of 1,024 streams
 * per connection and 5 incoming messages per second per connection (control messages, the client's pings and the
 * pongs answering the server's pings — one every 20 s — all count).
 *
 * @param maxStreams        streams one connection carries at most; a subscription beyond it is refused (1 to 1,024)
 * @param messagesPerSecond control messages plus client pings sent per second at most; below 5, so the pongs Vert.x
 *                          sends to the server's pings always have room
 * @param subscribeBatch    stream names per SUBSCRIBE/UNSUBSCRIBE message at most
 * @param maxUrlChars       length of the {@code streams=} list in the URL at open at most; the rest are subscribed
 *                          by SUBSCRIBE once open (servers limit the request line)
 * @param answerTimeout     a control request not answered within it fails its streams and the connection
 * @param pingInterval      the client pings this long after its previous ping was answered
 * @param pongTimeout       a ping unanswered this long (while the connection is read) drops the connection
 */
public record CombinedSettings(int maxStreams, double messagesPerSecond, int subscribeBatch, int maxUrlChars,
                               Duration answerTimeout, Duration pingInterval, Duration pongTimeout) {
    /** Binance's limit of streams on one connection. */
    public static final int BINANCE_MAX_STREAMS = 1_024;
    /** Binance's limit of incoming messages per second on one connection. */
    public static final double BINANCE_MAX_MESSAGES_PER_SECOND = 5;

    public CombinedSettings {
        if (maxStreams < 1 || maxStreams > BINANCE_MAX_STREAMS) {
            throw new IllegalArgumentException("max-streams must be 1 to " + BINANCE_MAX_STREAMS + ": " + maxStreams);
        }
        if (!(messagesPerSecond > 0) || messagesPerSecond >= BINANCE_MAX_MESSAGES_PER_SECOND) {
            throw new IllegalArgumentException("messages per second must be above 0 and below "
                    + BINANCE_MAX_MESSAGES_PER_SECOND + " (pongs to the server's pings count too): " + messagesPerSecond);
        }
        if (subscribeBatch < 1 || maxUrlChars < 0) {
            throw new IllegalArgumentException("subscribe batch must be at least 1 and the URL limit at least 0: "
                    + subscribeBatch + ", " + maxUrlChars);
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero() || pingInterval.isNegative() || pingInterval.isZero()
                || pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts and the ping interval must be positive");
        }
    }

    /** 200 streams, 4 messages a second, 100 names per request, 2,000 URL characters, 10 s answers, pings every 20 s. */
    public static CombinedSettings defaults() {
        return new CombinedSettings(200, 4, 100, 2_000, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30));
    }

    public CombinedSettings withMaxStreams(int max) {
        return new CombinedSettings(max, messagesPerSecond, subscribeBatch, maxUrlChars, answerTimeout, pingInterval,
                pongTimeout);
    }

    public CombinedSettings withSubscribeBatch(int batch) {
        return new CombinedSettings(maxStreams, messagesPerSecond, batch, maxUrlChars, answerTimeout, pingInterval,
                pongTimeout);
    }

    public CombinedSettings withMaxUrlChars(int chars) {
        return new CombinedSettings(maxStreams, messagesPerSecond, subscribeBatch, chars, answerTimeout, pingInterval,
                pongTimeout);
    }

    /** The client pings every {@code interval}; a ping unanswered for {@code timeout} drops the connection. */
    public CombinedSettings withPings(Duration interval, Duration timeout) {
        return new CombinedSettings(maxStreams, messagesPerSecond, subscribeBatch, maxUrlChars, answerTimeout, interval,
                timeout);
    }

    public CombinedSettings withAnswerTimeout(Duration timeout) {
        return new CombinedSettings(maxStreams, messagesPerSecond, subscribeBatch, maxUrlChars, timeout, pingInterval,
                pongTimeout);
    }

    /** Nanoseconds between two messages the client sends. */
    long sendIntervalNanos() {
        return (long) Math.ceil(1e9 / messagesPerSecond);
    }
}
