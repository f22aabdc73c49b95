package io.binancedata.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the real recorded Binance data under ../shared/data/binance-real (see SOURCES.md there). */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String configured = System.getProperty("binance.shared.dir", "../shared");
        return Path.of(configured).resolve("data/binance-real");
    }

    /** Every line of a gzipped recording. */
    public static List<String> lines(String relative) {
        Path file = dir().resolve(relative);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The exchangeInfo JSON body recorded in cryptofeed/BINANCE.0.gz (1695 symbols: 1262 TRADING, 433 BREAK). */
    public static String exchangeInfo() {
        for (String line : lines("cryptofeed/BINANCE.0.gz")) {
            int start = line.indexOf(": {");
            if (line.contains("/api/v3/exchangeInfo") && start > 0) {
                return line.substring(start + 2);
            }
        }
        throw new IllegalStateException("No exchangeInfo in cryptofeed/BINANCE.0.gz");
    }
}
