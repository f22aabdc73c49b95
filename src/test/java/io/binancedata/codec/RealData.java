package io.binancedata.codec;

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
 * Reads the real Binance recordings in the shared data folder ({@code binance.shared.dir}, set by surefire):
 * lines {@code <timestamp>[:] {"stream":"<name>","data":{...}}}; returns the raw {@code data} objects.
 */
public final class RealData {
    public static final String BTC_TRADES_2024 = "hftbacktest/spot_btcusdt_20240808.gz";
    /** The day after {@link #BTC_TRADES_2024}: its trades continue that file's, 19,904 in the two together. */
    public static final String BTC_TRADES_2024_NEXT_DAY = "hftbacktest/spot_btcusdt_20240809.gz";
    public static final String ETH_TRADES_2024 = "hftbacktest/spot_ethusdt_20240808.gz";
    public static final String BTC_TRADES_2023 = "hftbacktest/spot_btcusdt_20230405.dat.gz";
    public static final String KLINES_2021 = "cryptofeed/BINANCE-ee25be.0.gz";

    private static final String STREAM_KEY = "{\"stream\":\"";
    private static final String DATA_KEY = "\"data\":";

    private RealData() {
    }

    public static List<String> trades(final String file) {
        return dataObjects(file, stream -> stream.endsWith("@trade"));
    }

    public static List<String> klines(final String file) {
        return dataObjects(file, stream -> stream.contains("@kline_"));
    }

    public static List<String> dataObjects(final String file, final Predicate<String> streamFilter) {
        final Path path = sharedDir().resolve("data/binance-real").resolve(file);
        final List<String> result = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(path)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                final int streamStart = line.indexOf(STREAM_KEY);
                if (streamStart < 0) {
                    continue;
                }
                final int nameStart = streamStart + STREAM_KEY.length();
                final String stream = line.substring(nameStart, line.indexOf('"', nameStart));
                if (streamFilter.test(stream)) {
                    final int dataStart = line.indexOf(DATA_KEY, nameStart) + DATA_KEY.length();
                    result.add(line.substring(dataStart, line.lastIndexOf('}')));
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    public static Path sharedDir() {
        return Path.of(System.getProperty("binance.shared.dir", "../shared"));
    }
}
