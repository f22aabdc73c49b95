package io.binancedata.ws;

import java.time.Duration;

/**
 * How a stream connects and reconnects.
 *
 * @param connectTimeout       limit on the TCP + TLS + WebSocket handshake
 * @param maxReconnectAttempts attempts after a loss before the stream is FAILED
 * @param reconnectDelay       wait before each attempt
 */
public record ConnectionSettings(Duration connectTimeout, int maxReconnectAttempts, Duration reconnectDelay) {
}
