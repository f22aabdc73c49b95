package io.binancedata.ws;

import java.time.Duration;

/**
 * How the {@link StreamSupervisor} watches and rotates the stream connections ({@code binance.rotation.interval},
 * {@code binance.watchdog.*}).
 *
 * @param rotationInterval age at which a connection is rotated make-before-break (plus a per-stream stagger)
 * @param silence          no frame and no server ping for this long: STALLED, reconnected
 * @param klineSilence     kline streams: no frame for this long: STALLED, reconnected
 * @param dataSilence      trade streams: no data frame for this long (pings do not count): the exchange is asked for
 *                         its latest trade, and a newer one than the stream delivered means STALLED
 * @param clientPing       how often the client pings the server itself
 * @param pongDeadline     a client ping without a pong for this long: STALLED, reconnected
 */
public record WatchdogSettings(Duration rotationInterval, Duration silence, Duration klineSilence,
                               Duration dataSilence, Duration clientPing, Duration pongDeadline) {
}
