package io.binancedata.sink;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineEncoder;
import io.binancedata.sbe.MessageHeaderDecoder;
import io.binancedata.sbe.TradeEncoder;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directory layout of the sink and the checks that keep every file inside it:
 * {@code <root>/trade/<SYMBOL>/<yyyy-MM-dd>.sbe} and {@code <root>/kline_<interval>/<SYMBOL>/<yyyy-MM-dd>.sbe}.
 * Invalid stream coordinates are rejected with an {@link IllegalArgumentException}.
 */
final class StreamLayout {
    static final String TRADE = "trade";
    static final String KLINE = "kline";
    /** Binance's kline intervals, in the order of the schema's {@code KlineInterval} enum. */
    static final List<String> INTERVALS = KlineIntervals.codes();
    /** Longest symbol folder name, in UTF-8 bytes (the usual file system limit). */
    static final int MAX_SYMBOL_BYTES = 255;
    /** Largest SBE message accepted; the schema's largest is about 1.2 KiB (symbols are at most 1,024 bytes). */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final Map<String, String> KLINE_DIRECTORIES = klineDirectories();

    private StreamLayout() {
    }

    /** All top-level folders: {@code trade} and one {@code kline_<interval>} per interval. */
    static List<String> kindDirectories() {
        var all = new ArrayList<String>(KLINE_DIRECTORIES.size() + 1);
        all.add(TRADE);
        all.addAll(KLINE_DIRECTORIES.values());
        return List.copyOf(all);
    }

    /** The top-level folder of a stream; allocates nothing. */
    static String kindDirectory(String kind, String interval) {
        if (kind == null) {
            throw new IllegalArgumentException("Missing stream kind: expected 'trade' or 'kline'");
        }
        if (TRADE.equals(kind)) {
            return TRADE;
        }
        if (!KLINE.equals(kind)) {
            throw new IllegalArgumentException("Unknown stream kind '" + kind + "': expected 'trade' or 'kline'");
        }
        if (interval == null) {
            throw new IllegalArgumentException("Missing kline interval: expected one of " + INTERVALS);
        }
        String directory = KLINE_DIRECTORIES.get(interval);
        if (directory == null) {
            throw new IllegalArgumentException("Unknown kline interval '" + interval + "': expected one of " + INTERVALS);
        }
        return directory;
    }

    /** SBE template id a message of this kind must carry; {@code kind} already passed {@link #kindDirectory}. */
    static int templateId(String kind) {
        return TRADE.equals(kind) ? TradeEncoder.TEMPLATE_ID : KlineEncoder.TEMPLATE_ID;
    }

    /** Checks the SBE message header: long enough, our schema, the template of the stream's kind. */
    static void checkMessage(byte[] message, int templateId) {
        if (message == null) {
            throw new IllegalArgumentException("Missing body: expected a byte[] holding one SBE message");
        }
        if (message.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            throw new IllegalArgumentException("Body of " + message.length
                    + " bytes is shorter than an SBE message header (" + MessageHeaderDecoder.ENCODED_LENGTH + ")");
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("Body of " + message.length + " bytes is longer than the largest SBE "
                    + "message accepted (" + MAX_MESSAGE_BYTES + ")");
        }
        int schemaId = uint16(message, MessageHeaderDecoder.schemaIdEncodingOffset());
        int actualTemplateId = uint16(message, MessageHeaderDecoder.templateIdEncodingOffset());
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || actualTemplateId != templateId) {
            throw new IllegalArgumentException("Body is not the expected SBE message: schema " + schemaId
                    + " template " + actualTemplateId + ", expected schema " + MessageHeaderDecoder.SCHEMA_ID
                    + " template " + templateId);
        }
    }

    /**
     * The folder of one stream, {@code <root>/<kindDirectory>/<symbol>}, after checking that the symbol is a single,
     * plain path segment that cannot leave {@code <root>/<kindDirectory>}.
     */
    static Path streamDirectory(Path root, String kindDirectory, String symbol) {
        checkSymbol(symbol);
        Path parent = root.resolve(kindDirectory);
        Path directory;
        try {
            directory = parent.resolve(symbol).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Symbol '" + symbol + "' is not a valid folder name with file name "
                    + "encoding " + fileNameEncoding() + " (non-ASCII symbols need a UTF-8 locale, e.g. LANG=C.UTF-8): "
                    + e.getMessage(), e);
        }
        if (!parent.equals(directory.getParent()) || !directory.getFileName().toString().equals(symbol)) {
            throw new IllegalArgumentException("Symbol '" + symbol + "' is not a single folder name");
        }
        return directory;
    }

    /** The charset the JVM encodes file names with; non-ASCII symbols need UTF-8. */
    static String fileNameEncoding() {
        return System.getProperty("sun.jnu.encoding", "unknown");
    }

    /** Epoch day (UTC) of an event time in microseconds since the epoch. */
    static long epochDay(long eventTimeMicros) {
        return Math.floorDiv(eventTimeMicros, MICROS_PER_DAY);
    }

    /** File name of one UTC day, {@code yyyy-MM-dd.sbe}. */
    static String fileName(long epochDay) {
        return LocalDate.ofEpochDay(epochDay) + ".sbe";
    }

    private static void checkSymbol(String symbol) {
        if (symbol == null || symbol.isEmpty()) {
            throw new IllegalArgumentException("Missing or empty symbol");
        }
        if (symbol.indexOf('/') >= 0 || symbol.indexOf('\\') >= 0 || symbol.contains("..") || symbol.equals(".")) {
            throw new IllegalArgumentException("Symbol '" + symbol + "' contains a path separator or '..'");
        }
        if (symbol.codePoints().anyMatch(StreamLayout::isForbidden)) {
            throw new IllegalArgumentException("Symbol contains control, unassigned or lone surrogate characters: "
                    + symbol.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList());
        }
        if (symbol.getBytes(StandardCharsets.UTF_8).length > MAX_SYMBOL_BYTES) {
            throw new IllegalArgumentException("Symbol is longer than " + MAX_SYMBOL_BYTES + " UTF-8 bytes");
        }
    }

    private static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.SURROGATE;
    }

    private static int uint16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    private static Map<String, String> klineDirectories() {
        Map<String, String> directories = new LinkedHashMap<>();
        for (String interval : INTERVALS) {
            directories.put(interval, KLINE + '_' + interval);
        }
        return Collections.unmodifiableMap(directories);
    }
}
