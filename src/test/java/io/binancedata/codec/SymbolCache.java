package io.binancedata.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes of the last symbol seen. A stream carries one symbol, so after the first message the bytes
 * are reused (same instance or equal contents) and encoding the symbol allocates nothing.
 */
final class SymbolCache {
    /** Largest symbol the schema's {@code varStringEncoding} accepts, in bytes. */
    static final int MAX_LENGTH = 1024;

    private String symbol;
    private byte[] utf8;

    /**
     * @param value symbol from the payload.
     * @return its UTF-8 bytes; do not modify.
     * @throws InvalidFieldException if it is missing, empty, not valid Unicode or longer than 1024 bytes.
     */
    byte[] utf8(final String value) {
        if (value != symbol && (value == null || !value.equals(symbol))) {
            utf8 = encode(value);
            symbol = value;
        }
        return utf8;
    }

    private static byte[] encode(final String value) {
        Fields.requireNonEmpty("s", value);
        final ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(value));
        } catch (final CharacterCodingException e) {
            throw new InvalidFieldException("s", value, "not valid Unicode");
        }
        if (encoded.remaining() > MAX_LENGTH) {
            throw new InvalidFieldException("s", value, "longer than " + MAX_LENGTH + " bytes in UTF-8");
        }
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }
}
