package io.binancedata.rest;

import io.binancedata.fake.TradeTape;
import io.binancedata.support.Fixtures;

/** The recorded BTCUSDT tape, loaded once per test JVM. */
final class Tapes {
    static final long BTC_FIRST_ID = Fixtures.BTCUSDT_FIRST_ID;
    private static TradeTape btcusdt;

    private Tapes() {
    }

    static synchronized TradeTape btcusdt() {
        if (btcusdt == null) {
            btcusdt = Fixtures.btcusdtTape();
        }
        return btcusdt;
    }
}
