package io.binancedata.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;

/**
 * What a symbol may look like before it becomes a stream name, a stream id, a URL or a file path: 1 to
 * {@link #MAX_LENGTH} characters, each an upper-case letter A–Z, a digit 0–9 or a non-ASCII letter (Binance lists
 * symbols such as {@code 币安人生USDT}). Nothing else: no separator, dot, space, dash or control character.
 * <p>
 * Input is case-insensitive: surrounding spaces are dropped and ASCII letters upper-cased; other characters are kept
 * as given. The longest symbol of the recorded exchangeInfo (cryptofeed {@code BINANCE.0}, 1,695 symbols) has 13
 * characters; Binance documents symbol parameters as at most 20.
 */
public final class SymbolShape {
    /** Longest symbol accepted, in characters (code points). */
    public static final int MAX_LENGTH = 20;
    /** The rule, as error messages state it. */
    public static final String RULE = "a symbol is 1 to " + MAX_LENGTH
            + " upper-case letters A-Z, digits 0-9 or non-ASCII letters";

    private SymbolShape() {
    }

    /** Whether {@code symbol} (already normalised) has a symbol's shape. */
    public static boolean isValid(String symbol) {
        if (symbol == null || symbol.isEmpty()) {
            return false;
        }
        int length = 0;
        for (int i = 0; i < symbol.length(); ) {
            int cp = symbol.codePointAt(i);
            if (!allowed(cp) || ++length > MAX_LENGTH) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean allowed(int cp) {
        return cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9' || cp > 0x7F && Character.isLetter(cp);
    }

    /** Surrounding spaces dropped, ASCII letters upper-cased; the shape is not checked ({@code null} stays null). */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == ' ') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == ' ') {
            end--;
        }
        StringBuilder upper = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            upper.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
        }
        return upper.toString();
    }

    /** One symbol normalised; {@link InvalidSymbolException} when it does not have a symbol's shape. */
    public static String require(String raw) {
        return requireAll(Collections.singletonList(raw)).get(0);
    }

    /**
     * Symbols normalised, duplicates removed, in the given order; all-or-nothing.
     *
     * @throws InvalidRequestException when there is none
     * @throws InvalidSymbolException  naming every symbol (null included) whose shape is wrong
     */
    public static List<String> requireAll(Collection<String> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidRequestException("No symbols given");
        }
        Set<String> valid = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String symbol : raw) {
            String normalized = normalize(symbol);
            if (isValid(normalized)) {
                valid.add(normalized);
            } else {
                invalid.add(String.valueOf(symbol));
            }
        }
        if (!invalid.isEmpty()) {
            throw new InvalidSymbolException(invalid, RULE);
        }
        return List.copyOf(valid);
    }
}
