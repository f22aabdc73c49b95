package io.binancedata.bench.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a bare client reads: one {@code <symbol>@trade} stream per symbol from the fake exchange at {@code wsUrl},
 * each until {@code tradesPerStream} complete text messages have arrived. A line of text, so it can be handed to a bare
 * client in another JVM ({@link BareClientProcess}). With {@code receiveTimes} (else null), the client also writes
 * when it read each message to that file (a latency run).
 */
record BareTarget(String wsUrl, List<String> symbols, int tradesPerStream, Path receiveTimes) {

    BareTarget(String wsUrl, List<String> symbols, int tradesPerStream) {
        this(wsUrl, symbols, tradesPerStream, null);
    }

    /** The URL of one stream. */
    String streamUrl(String symbol) {
        return wsUrl + "/ws/" + symbol.toLowerCase(Locale.ROOT) + "@trade";
    }

    long totalTrades() {
        return (long) symbols.size() * tradesPerStream;
    }

    String toLine() {
        return wsUrl + " " + tradesPerStream + " " + String.join(",", symbols) + " "
                + (receiveTimes == null ? "-" : receiveTimes.toAbsolutePath());
    }

    static BareTarget parse(String line) {
        String[] parts = line.trim().split(" ");
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected '<wsUrl> <tradesPerStream> <symbol,…> <file|->': " + line);
        }
        return new BareTarget(parts[0], List.of(parts[2].split(",")), Integer.parseInt(parts[1]),
                parts[3].equals("-") ? null : Path.of(parts[3]));
    }
}
