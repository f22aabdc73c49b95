package io.binancedata.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.codec.SbeFrameReader;
import io.binancedata.codec.SbeJsonPrinter;
import org.agrona.DirectBuffer;

/** Reads what the product wrote: framed SBE files decoded to JSON trees, for exact comparisons. */
public final class SbeFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SbeFiles() {
    }

    /** Every message of the files, in file order then message order. */
    public static List<JsonNode> decode(Path... files) {
        List<JsonNode> messages = new ArrayList<>();
        SbeJsonPrinter printer = new SbeJsonPrinter();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                SbeFrameReader reader = new SbeFrameReader(in);
                while (reader.next()) {
                    messages.add(JSON.readTree(printer.toJson(reader.buffer(), 0, reader.messageLength())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot decode " + file, e);
            }
        }
        return messages;
    }

    /**
     * Every message of a stream's folder (its day files, {@code 2024-08-08.sbe}, … in date order): a run that the
     * machine slows down may stream past a tape's midnight into the next day's file.
     */
    public static List<JsonNode> decodeDays(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return decode(files.filter(f -> f.getFileName().toString().endsWith(".sbe")).sorted()
                    .toArray(Path[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    /** One SBE message (as handed to an EventProcessor) decoded to JSON. */
    public static JsonNode decode(DirectBuffer buffer, int offset, int length) {
        try {
            return JSON.readTree(new SbeJsonPrinter().toJson(buffer, offset, length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Binance decimal string as the product writes it back: exact, trailing zeros stripped. */
    public static String exact(String binanceDecimal) {
        BigDecimal value = new BigDecimal(binanceDecimal);
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
