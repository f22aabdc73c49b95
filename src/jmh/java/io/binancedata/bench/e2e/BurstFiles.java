package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstLog;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the product's default sink ({@code sbe-file:<binance.file.dir>}) must write a burst's trades, and how many
 * bytes each takes: {@code <dir>/trade/<SYMBOL>/<yyyy-MM-dd>.sbe}, the UTC day of the trade's event time (the
 * looped tape crosses midnight, so a stream spans several files), each trade one framed message of the same length:
 * 6 (framing header) + 8 (SBE header) + the Trade block (51 bytes in schema version 1) + 2 + symbol bytes. The block
 * length is the one of the schema the jar was built with, so {@link SinkTail} reads the length from each stream's
 * first frame instead of assuming this build's.
 */
public final class BurstFiles {
    private final Path dir;
    private final List<String> symbols;
    private final List<String> days = new ArrayList<>();
    private final List<Integer> tradesPerDay = new ArrayList<>();

    public BurstFiles(Path fileDir, BurstLog burst) {
        this.dir = fileDir.resolve("trade");
        this.symbols = burst.symbols();
        long day = Long.MIN_VALUE;
        for (int i = 0; i < burst.plan().tradesSentPerStream(); i++) {
            long tradeDay = Math.floorDiv(burst.trade(i).eventTime(), 86_400_000L);
            if (tradeDay != day) {
                day = tradeDay;
                days.add(LocalDate.ofEpochDay(day).toString());
                tradesPerDay.add(0);
            }
            tradesPerDay.set(tradesPerDay.size() - 1, tradesPerDay.get(tradesPerDay.size() - 1) + 1);
        }
    }

    public int streams() {
        return symbols.size();
    }

    public String symbol(int stream) {
        return symbols.get(stream);
    }

    /** Number of day files per stream. */
    public int fileCount() {
        return days.size();
    }

    public Path file(int stream, int fileIndex) {
        return dir.resolve(symbols.get(stream)).resolve(days.get(fileIndex) + ".sbe");
    }

    /** Trades the stream's day file {@code fileIndex} must hold. */
    public int trades(int fileIndex) {
        return tradesPerDay.get(fileIndex);
    }
}
