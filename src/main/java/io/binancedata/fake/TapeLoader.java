package io.binancedata.fake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Reads trade frames from recording files; keeps each frame's text byte for byte. */
final class TapeLoader {
    private TapeLoader() {
    }

    /** hftbacktest lines {@code <ns> {"stream":"<symbol>@trade","data":<frame>}}: returns the frames. */
    static List<String> readRecording(Path file, String symbol) {
        String prefix = "{\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@trade\",\"data\":";
        List<String> frames = new ArrayList<>();
        try (BufferedReader reader = gzipReader(Files.newInputStream(file))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space > 0 && line.startsWith(prefix, space + 1) && line.endsWith("}")) {
                    frames.add(line.substring(space + 1 + prefix.length(), line.length() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + file, e);
        }
        return frames;
    }

    static List<String> readJsonLines(InputStream gzip) throws IOException {
        List<String> frames = new ArrayList<>();
        try (BufferedReader reader = gzipReader(gzip)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    frames.add(line);
                }
            }
        }
        return frames;
    }

    private static BufferedReader gzipReader(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
    }
}
