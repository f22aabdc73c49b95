package io.binancedata.ws;

import java.time.Duration;

/**
 * How a stream connects, reconnects and rotates.
 *
 * @param connectTimeout       limit on the TCP + TLS + WebSocket handshake
 * @param maxReconnectAttempts attempts after a loss before the stream is FAILED
 * @param reconnectDelay       wait before the first attempt; later ones back off exponentially with jitter
 * @param maxReconnectDelay    upper bound of the backoff
 * @param coolDown             once FAILED, the slow cadence of further attempts
 */
public record ConnectionSettings(Duration connectTimeout, int maxReconnectAttempts, Duration reconnectDelay,
                                 Duration maxReconnectDelay, Duration coolDown) {
    /** Why a stream is FAILED once the attempts after a loss are used up: {@code cause}, the attempts, the cadence. */
    String attemptsUsedUp(String cause) {
        return cause + "; " + maxReconnectAttempts + " reconnect attempts used up; retrying every "
                + coolDown.toMillis() + " ms";
    }
}
