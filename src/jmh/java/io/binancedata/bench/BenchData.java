package io.binancedata.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The real recorded Binance frames the benchmarks cycle through, read once at set-up from the shared data folder
 * ({@code binance.shared.dir}, default {@code ../shared}; see data/binance-real/SOURCES.md there). A frame is the
 * {@code data} object of a recorded combined-stream line: exactly what a raw {@code /ws/<stream>} connection delivers.
 */
final class BenchData {
    /** 19,904 consecutive BTCUSDT spot trades, 2024-08-08 23:54:15 to 2024-08-09 00:05:05. */
    static final List<String> BTCUSDT_TRADE_FILES = List.of("hftbacktest/spot_btcusdt_20240808.gz",
            "hftbacktest/spot_btcusdt_20240809.gz");
    /** 118 spot kline_1m updates of BTCUSDT, ETHUSDT and DOTUSDT (2021-04-04, 91 s; 3 closed). */
    static final String KLINE_FILE = "cryptofeed/BINANCE-ee25be.0.gz";

    private static final String STREAM_KEY = "{\"stream\":\"";
    private static final String DATA_KEY = "\"data\":";

    private BenchData() {
    }

    /** The BTCUSDT trade frames, in recorded (trade id) order. */
    static List<String> btcusdtTrades() {
        List<String> frames = new ArrayList<>();
        for (String file : BTCUSDT_TRADE_FILES) {
            frames.addAll(frames(file, stream -> stream.equals("btcusdt@trade")));
        }
        return require(frames, 19_904, "BTCUSDT trades");
    }

    /** The spot kline_1m frames, in recorded order (three symbols interleaved). */
    static List<String> klines() {
        return require(frames(KLINE_FILE, stream -> stream.contains("@kline_1m")), 118, "kline_1m updates");
    }

    private static List<String> require(List<String> frames, int expected, String what) {
        if (frames.size() != expected) {
            throw new IllegalStateException("Expected " + expected + " " + what + ", read " + frames.size()
                    + " (is binance.shared.dir right? " + dir() + ")");
        }
        return frames;
    }

    static List<String> frames(String relative, Predicate<String> streamFilter) {
        Path file = dir().resolve(relative);
        List<String> frames = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int streamStart = line.indexOf(STREAM_KEY);
                if (streamStart < 0) {
                    continue;
                }
                int nameStart = streamStart + STREAM_KEY.length();
                String stream = line.substring(nameStart, line.indexOf('"', nameStart));
                if (streamFilter.test(stream)) {
                    int dataStart = line.indexOf(DATA_KEY, nameStart) + DATA_KEY.length();
                    frames.add(line.substring(dataStart, line.lastIndexOf('}')));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return frames;
    }

    static Path dir() {
        return Path.of(System.getProperty("binance.shared.dir", "../shared")).resolve("data/binance-real");
    }
}
