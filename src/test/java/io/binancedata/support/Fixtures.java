package io.binancedata.support;

import java.nio.file.Path;
import java.util.List;

import io.binancedata.fake.TradeTape;

/** Trade tapes from the real recordings in ../shared (see SOURCES.md there). */
public final class Fixtures {
    /** 19,904 consecutive BTCUSDT trades, ids 3735683259-3735703162, 2024-08-08 23:54:15 to 2024-08-09 00:05:05. */
    public static final int BTCUSDT_TRADES = 19_904;
    public static final long BTCUSDT_FIRST_ID = 3_735_683_259L;

    private Fixtures() {
    }

    /** The trade frames of {@link #btcusdtTape()}, as recorded: the "data" object of each @trade line. */
    public static List<String> btcusdtPayloads() {
        return btcusdtTape().frames();
    }

    public static TradeTape btcusdtTape() {
        Path dir = SharedData.dir().resolve("hftbacktest");
        return TradeTape.fromRecording("BTCUSDT", dir.resolve("spot_btcusdt_20240808.gz"),
                dir.resolve("spot_btcusdt_20240809.gz"));
    }
}
