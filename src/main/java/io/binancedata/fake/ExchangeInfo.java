package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The exchangeInfo document the fake serves: Binance's structure, with {@code serverTime} set per request.
 * Symbols that have a tape but no entry get a minimal TRADING entry so clients that validate symbols accept them;
 * a synthetic market's delisted symbols a minimal BREAK one.
 */
final class ExchangeInfo {
    private static final String BUNDLED = "/fake/exchangeInfo.json";
    private static final String[] QUOTES = {"USDT", "FDUSD", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR"};

    private final ObjectNode document;
    private final Map<String, JsonNode> symbols = new LinkedHashMap<>();

    private ExchangeInfo(ObjectNode document, Collection<String> tapeSymbols, Collection<String> delisted) {
        this.document = document;
        ArrayNode list = (ArrayNode) document.get("symbols");
        for (JsonNode entry : list) {
            symbols.put(entry.path("symbol").asText(), entry);
        }
        for (String symbol : tapeSymbols) {
            add(list, symbol, "TRADING");
        }
        for (String symbol : delisted) {
            add(list, symbol, "BREAK");
        }
    }

    private void add(ArrayNode list, String symbol, String status) {
        if (!symbols.containsKey(symbol)) {
            ObjectNode entry = minimalEntry(symbol, status);
            list.add(entry);
            symbols.put(symbol, entry);
        }
    }

    /**
     * Loads {@code file} (see {@link FakeExchangeOptions#exchangeInfoFile(Path)}), or the bundled one when null, and
     * lists the {@code tapeSymbols} it lacks as TRADING, the {@code delisted} ones as BREAK.
     */
    static ExchangeInfo load(Path file, Collection<String> tapeSymbols, Collection<String> delisted) {
        try (InputStream in = file == null ? ExchangeInfo.class.getResourceAsStream(BUNDLED) : open(file)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + BUNDLED);
            }
            JsonNode node = FakeJson.parseOrNull(extractJson(in));
            if (node == null || !node.isObject() || !node.path("symbols").isArray()) {
                throw new IllegalArgumentException("not an exchangeInfo document: " + (file == null ? BUNDLED : file));
            }
            return new ExchangeInfo((ObjectNode) node, tapeSymbols, delisted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exchangeInfo " + file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    /** The JSON text: the whole input, or the body of a recorded {@code .../exchangeInfo -> <epoch>: {...}} line. */
    private static String extractJson(InputStream in) throws IOException {
        StringBuilder whole = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.contains("/exchangeInfo") && line.contains(" -> ") && line.indexOf('{') > 0) {
                    return line.substring(line.indexOf('{'));
                }
                whole.append(line).append('\n');
            }
        }
        return whole.toString();
    }

    private static ObjectNode minimalEntry(String symbol, String status) {
        String quote = "USDT";
        for (String candidate : QUOTES) {
            if (symbol.endsWith(candidate) && symbol.length() > candidate.length()) {
                quote = candidate;
                break;
            }
        }
        String base = symbol.endsWith(quote) ? symbol.substring(0, symbol.length() - quote.length()) : symbol;
        ObjectNode entry = FakeJson.MAPPER.createObjectNode();
        entry.put("symbol", symbol).put("status", status).put("baseAsset", base).put("baseAssetPrecision", 8)
                .put("quoteAsset", quote).put("quotePrecision", 8).put("quoteAssetPrecision", 8);
        entry.putArray("orderTypes").add("LIMIT").add("MARKET");
        entry.put("isSpotTradingAllowed", true);
        entry.putArray("filters");
        entry.putArray("permissions").add("SPOT");
        return entry;
    }

    synchronized boolean has(String symbol) {
        return symbols.containsKey(symbol);
    }

    /** Sets the status of a listed symbol, or lists a new one with a minimal entry. */
    synchronized void list(String symbol, String status) {
        JsonNode entry = symbols.get(symbol);
        if (entry instanceof ObjectNode listed) {
            ObjectNode changed = listed.deepCopy().put("status", status);
            symbols.put(symbol, changed);
        } else {
            symbols.put(symbol, minimalEntry(symbol, status));
        }
    }

    /** The document with the symbols that pass {@code filter}, stamped with {@code serverTime}. */
    synchronized String json(Predicate<JsonNode> filter, long serverTime) {
        ObjectNode copy = FakeJson.MAPPER.createObjectNode();
        document.fields().forEachRemaining(field -> {
            if ("serverTime".equals(field.getKey())) {
                copy.put("serverTime", serverTime);
            } else if ("symbols".equals(field.getKey())) {
                ArrayNode selected = copy.putArray("symbols");
                symbols.values().stream().filter(filter).forEach(selected::add);
            } else {
                copy.set(field.getKey(), field.getValue());
            }
        });
        return FakeJson.write(copy);
    }
}
