package io.binancedata.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.binancedata.api.Echo;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.stream.StreamKind;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.stream.SymbolShape;

/**
 * The filters and the page of {@code GET /streams}, for a table of thousands of rows ({@code *} symbol lists):
 * {@code state} (one or more states, comma-separated), {@code symbol} (one or more symbols, any case), {@code kind}
 * ({@code trade} or {@code kline}), then {@code offset} (rows skipped, default 0) and {@code limit} (rows shown, 1 to
 * {@value #MAX_LIMIT}; default all). Read strictly: an unknown parameter, one given twice or a bad value is a 400
 * naming it.
 */
record StreamQuery(Set<StreamState> states, Set<String> symbols, StreamKind kind, int offset, int limit) {
    static final int MAX_LIMIT = 100_000;
    static final StreamQuery ALL = new StreamQuery(EnumSet.allOf(StreamState.class), Set.of(), null, 0, MAX_LIMIT);

    /** The rows that match, in table order, and how many matched before the page was cut. */
    record Page(List<StreamStatus> rows, int total) {
    }

    /** @param rawQuery the URL's query (percent-encoded), or null/empty for none */
    static StreamQuery parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return ALL;
        }
        Set<StreamState> states = EnumSet.allOf(StreamState.class);
        Set<String> symbols = Set.of();
        StreamKind kind = null;
        int offset = 0;
        int limit = MAX_LIMIT;
        Set<String> seen = new HashSet<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!seen.add(name)) {
                throw new InvalidRequestException("Query parameter '" + Echo.of(name) + "' given twice");
            }
            switch (name) {
                case "state" -> states = states(value);
                case "symbol" -> symbols = Set.copyOf(SymbolShape.requireAll(List.of(value.split(",", -1))));
                case "kind" -> kind = kind(value);
                case "offset" -> offset = number(name, value, 0, Integer.MAX_VALUE);
                case "limit" -> limit = number(name, value, 1, MAX_LIMIT);
                default -> throw new InvalidRequestException("Unknown query parameter '" + Echo.of(name)
                        + "'; GET /streams takes state, symbol, kind, offset, limit");
            }
        }
        return new StreamQuery(states, symbols, kind, offset, limit);
    }

    Page apply(List<StreamStatus> table) {
        List<StreamStatus> matching = new ArrayList<>();
        for (StreamStatus s : table) {
            if (states.contains(s.state()) && (symbols.isEmpty() || symbols.contains(s.key().symbol()))
                    && (kind == null || s.key().kind() == kind)) {
                matching.add(s);
            }
        }
        int from = (int) Math.min(matching.size(), (long) offset);
        int to = (int) Math.min(matching.size(), (long) from + limit);
        return new Page(List.copyOf(matching.subList(from, to)), matching.size());
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Badly encoded query: " + Echo.of(text));
        }
    }

    private static Set<StreamState> states(String value) {
        Set<StreamState> states = EnumSet.noneOf(StreamState.class);
        for (String name : value.split(",", -1)) {
            try {
                states.add(StreamState.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("Unknown state '" + Echo.of(name) + "' in query parameter state; "
                        + "states: " + EnumSet.allOf(StreamState.class));
            }
        }
        return states;
    }

    private static StreamKind kind(String value) {
        for (StreamKind k : StreamKind.values()) {
            if (k.code().equals(value)) {
                return k;
            }
        }
        throw new InvalidRequestException("Unknown kind '" + Echo.of(value) + "' in query parameter kind; trade or kline");
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("Query parameter " + name + " must be a whole number from " + min + " to "
                + max + ", got '" + Echo.of(value) + "'");
    }
}
