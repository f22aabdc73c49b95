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
 * into characters, re-using its arrays and buffers: nothing is allocated per message once they have grown to the largest
 * one. The JDK's UTF-8 decoder on heap buffers decodes ASCII runs (all of Binance's payloads) with an intrinsic, about
 * as fast as a copy; from a direct buffer it goes byte by byte, ≈ 9× slower (BENCHMARKS.md, {@code Utf8DecodeBenchmark}),
 * so the bytes are first copied out of Netty's buffer. Malformed UTF-8 is an error (RFC 6455 §8.1 fails the
 * connection), never replaced by something else.
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
    private ByteBuffer in = ByteBuffer.wrap(bytes);

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
        if (in.array() != bytes) {
            in = ByteBuffer.wrap(bytes);
        }
        in.clear().limit(n);
        text.clear();
        strict.reset();
        CoderResult result = strict.decode(in, text, true);
        if (!result.isUnderflow()) {
            result.throwException();
        }
        result = strict.flush(text);
        if (!result.isUnderflow()) {
            result.throwException();
        }
        return text.flip();
    }
}
