package io.binancedata.fake;

import io.binancedata.codec.KlineIntervals;
import io.binancedata.sbe.KlineInterval;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream name the fake exchange serves: {@code <lowercase symbol>@trade} or
 * {@code <lowercase symbol>@kline_<interval>}. The symbol part is lower-case letters (any script) and digits.
 *
 * @param name     the name as requested
 * @param symbol   the symbol, upper case ({@code BTCUSDT})
 * @param interval the kline interval, or {@code null} for a trade stream
 */
public record StreamName(String name, String symbol, KlineInterval interval) {
    private static final Pattern SHAPE = Pattern.compile("([\\p{Ll}\\p{Lo}\\p{Nd}]+)@(trade|kline_([0-9]+[a-zA-Z]))");

    /** Parses a stream name; empty when it is malformed (Binance rejects those). */
    public static Optional<StreamName> parse(String name) {
        Matcher matcher = SHAPE.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String symbol = matcher.group(1).toUpperCase(Locale.ROOT);
        if (matcher.group(3) == null) {
            return Optional.of(new StreamName(name, symbol, null));
        }
        KlineInterval interval = KlineIntervals.lookup(matcher.group(3));
        return interval == KlineInterval.NULL_VAL ? Optional.empty()
                : Optional.of(new StreamName(name, symbol, interval));
    }

    public boolean isKline() {
        return interval != null;
    }

    /**
     * Decodes a request path: {@code %XX} escapes are UTF-8 bytes; raw non-ASCII characters (a client that did
     * not escape, read by the server as ISO-8859-1) are taken as UTF-8 bytes too. Empty when it is not valid.
     */
    static Optional<String> decodePath(String rawPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0xFF) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
