package io.binancedata.pipeline;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The symbol of a stream, as Binance writes it (upper case, possibly non-ASCII, e.g. {@code 币安人生USDT}): the
 * characters a frame's {@code s} must equal and the UTF-8 bytes every SBE message carries, both computed once.
 */
final class StreamSymbol {
    /** Longest symbol the schema's {@code varStringEncoding} holds, in UTF-8 bytes. */
    static final int MAX_UTF8_LENGTH = 1024;

    private final String symbol;
    private final char[] chars;
    private final byte[] utf8;

    /**
     * @throws IllegalArgumentException if the symbol is empty, not valid Unicode (a lone surrogate) or longer than
     *                                  {@value #MAX_UTF8_LENGTH} bytes in UTF-8.
     */
    StreamSymbol(final String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        if (symbol.isEmpty()) {
            throw new IllegalArgumentException("empty symbol");
        }
        final ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(symbol));
        } catch (final CharacterCodingException e) {
            throw new IllegalArgumentException("symbol is not valid Unicode: " + symbol, e);
        }
        if (encoded.remaining() > MAX_UTF8_LENGTH) {
            throw new IllegalArgumentException(
                "symbol longer than " + MAX_UTF8_LENGTH + " bytes in UTF-8: " + symbol.length() + " chars");
        }
        this.symbol = symbol;
        this.chars = symbol.toCharArray();
        this.utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
    }

    /** The symbol in UTF-8; do not modify. */
    byte[] utf8() {
        return utf8;
    }

    /**
     * @throws InvalidFrameException if the frame's {@code s} is not this stream's symbol.
     */
    void requireSymbol(final StringValue s) {
        if (!s.contentEquals(chars)) {
            if (s.isEmpty()) {
                throw s.invalid("s", "empty");
            }
            throw new InvalidFrameException("frame for symbol " + s.text() + " on stream of " + symbol, "s",
                s.offset());
        }
    }

    /**
     * Checks a kline's {@code k.s}, after {@link #requireSymbol} passed for its {@code s}.
     *
     * @throws InvalidFrameException if it differs from {@code s}.
     */
    void requireKlineSymbol(final StringValue ks) {
        if (!ks.contentEquals(chars)) {
            throw ks.invalid("k.s", "differs from s \"" + symbol + "\"");
        }
    }

    @Override
    public String toString() {
        return symbol;
    }
}
