package io.binancedata.ws;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * Turns the UTF-8 payload of one WebSocket text message — a single frame, or a first frame and its continuations —
 * into characters, re-using its arrays: nothing is allocated per message once they have grown to the largest one.
 * Binance's payloads are ASCII, copied byte by byte; any other byte sends the rest of the message through a strict
 * decoder. Malformed UTF-8 is an error (RFC 6455 §8.1 fails the connection), never replaced by something else.
 * <p>
 * One thread: the connection's reader.
 */
final class TextMessageDecoder {
    private static final int INITIAL = 4096;

    private final int maxBytes;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] bytes = new byte[INITIAL];
    private int length;
    private char[] chars = new char[INITIAL];
    private CharBuffer text = CharBuffer.wrap(chars);

    /** @param maxBytes the largest message taken, in bytes */
    TextMessageDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /**
     * Appends the payload of one frame of the message being read.
     *
     * @return false when the message would grow beyond {@code maxBytes} (nothing is appended)
     */
    boolean append(Buffer payload) {
        int n = payload.length();
        if (n > maxBytes - length) {
            return false;
        }
        if (length + n > bytes.length) {
            byte[] grown = new byte[Math.min(maxBytes, Math.max(bytes.length * 2, length + n))];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
        payload.getBytes(0, n, bytes, length);
        length += n;
        return true;
    }

    /** Forgets the message appended so far (a connection that failed in its middle). */
    void discard() {
        length = 0;
    }

    /**
     * Decodes the message appended since the last call and forgets its bytes.
     *
     * @return its characters, valid until the next call
     * @throws CharacterCodingException when the bytes are not well-formed UTF-8
     */
    CharBuffer decode() throws CharacterCodingException {
        int n = length;
        length = 0;
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
            text = CharBuffer.wrap(chars);
        }
        int i = 0;
        while (i < n && bytes[i] >= 0) {
            chars[i] = (char) bytes[i];
            i++;
        }
        int end = i == n ? n : decodeFrom(i, n);
        text.clear();
        text.limit(end);
        return text;
    }

    /** The slow path from the first byte above ASCII; a UTF-8 message never has more characters than bytes. */
    private int decodeFrom(int from, int n) throws CharacterCodingException {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, n - from);
        CharBuffer out = CharBuffer.wrap(chars, from, chars.length - from);
        strict.reset();
        CoderResult result = strict.decode(in, out, true);
        if (result.isError()) {
            result.throwException();
        }
        result = strict.flush(out);
        if (result.isError()) {
            result.throwException();
        }
        return out.position();
    }
}
