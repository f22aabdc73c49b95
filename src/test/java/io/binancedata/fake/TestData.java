package io.binancedata.fake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** The shared real recordings (system property {@code binance.shared.dir}, set by surefire). */
final class TestData {
    static final long BTC_FIRST_ID = 3_735_683_259L;
    static final long BTC_LAST_ID = 3_735_703_162L;
    static final int BTC_TRADES = 19_904;

    private static TradeTape btcusdt;

    private TestData() {
    }

    static Path shared() {
        return Path.of(System.getProperty("binance.shared.dir", "../shared"));
    }

    static Path real(String relative) {
        return shared().resolve("data/binance-real").resolve(relative);
    }

    static Path[] btcusdtFiles() {
        return new Path[]{real("hftbacktest/spot_btcusdt_20240808.gz"), real("hftbacktest/spot_btcusdt_20240809.gz")};
    }

    /** The 19,904 BTCUSDT trades of 2024-08-08/09, loaded once per test JVM. */
    static synchronized TradeTape btcusdt() {
        if (btcusdt == null) {
            btcusdt = TradeTape.fromRecording("BTCUSDT", btcusdtFiles());
        }
        return btcusdt;
    }

    /** Lines of a gzip file. */
    static List<String> gzipLines(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The data objects of one stream of an hftbacktest recording, extracted independently of the product code. */
    static List<String> recordedData(String stream, Path... files) {
        Pattern line = Pattern.compile("^\\d+ \\{\"stream\":\"" + Pattern.quote(stream) + "\",\"data\":(.*)\\}$");
        List<String> data = new ArrayList<>();
        for (Path file : files) {
            for (String text : gzipLines(file)) {
                Matcher matcher = line.matcher(text);
                if (matcher.matches()) {
                    data.add(matcher.group(1));
                }
            }
        }
        return data;
    }

    /** A complete trade frame in the 2024 shape. */
    static String trade(String symbol, long id, String price, String qty, long time, boolean buyerMaker) {
        return "{\"e\":\"trade\",\"E\":" + time + ",\"s\":\"" + symbol + "\",\"t\":" + id + ",\"p\":\"" + price
                + "\",\"q\":\"" + qty + "\",\"T\":" + time + ",\"m\":" + buyerMaker + ",\"M\":true}";
    }
}
