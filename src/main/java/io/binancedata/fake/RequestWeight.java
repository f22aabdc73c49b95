package io.binancedata.fake;

/** Request weight used in the current wall-clock minute, as Binance reports it in {@code X-MBX-USED-WEIGHT-1M}. */
final class RequestWeight {
    private long minute = -1;
    private long used;

    /** Adds a request's weight; returns the weight used in this minute so far. */
    synchronized long add(int weight) {
        long now = System.currentTimeMillis() / 60_000;
        if (now != minute) {
            minute = now;
            used = 0;
        }
        used += weight;
        return used;
    }
}
