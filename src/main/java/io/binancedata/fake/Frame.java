package io.binancedata.fake;

/**
 * One text frame due at an exchange time.
 *
 * @param stream the stream it belongs to, e.g. {@code btcusdt@trade}
 * @param time   exchange time (ms) at which it is due
 * @param text   the exact payload
 */
record Frame(String stream, long time, String text) {
}
