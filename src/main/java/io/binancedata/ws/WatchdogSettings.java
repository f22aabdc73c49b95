package io.binancedata.ws;

import java.time.Duration;

/**
 * How the {@link StreamSupervisor} watches and rotates the stream connections ({@code binance.rotation.interval},
 * {@code binance.watchdog.*}).
 *
 * @param rotationInterval age at which a connection is rotated make-before-break (plus a per-stream stagger)
 * @param silence          no frame and no server ping for this long: STALLED, reconnected
 * @param dataSilence      no data frame for this long (pings do not count): the exchange is asked for the symbol's
 *                         latest trade; a trade stream that did not deliver it, or a kline stream that got no update
 *                         although the symbol traded since an earlier probe, is STALLED
 * @param clientPing       how often the client pings the server itself
 * @param pongDeadline     a client ping without a pong for this long: STALLED, reconnected
 */
public record WatchdogSettings(Duration rotationInterval, Duration silence, Duration dataSilence, Duration clientPing,
                               Duration pongDeadline) {
}
