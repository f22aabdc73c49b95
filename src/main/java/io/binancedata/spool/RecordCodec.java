package io.binancedata.spool;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one {@link SpoolRecord}, big-endian:
 * <pre>
 * int32  payload length (bytes after this 8-byte prefix)
 * int32  CRC32C of the payload
 * payload:
 *   uint8  header count
 *   per header: uint8 name length, name (UTF-8), uint8 type, value
 *               type 'S': uint16 length + UTF-8 | 'J': int64 | 'I': int32 | 'Z': uint8 0 or 1 (boolean)
 *   int32  body length, body
 * </pre>
 * The length and checksum let a reader tell a complete record from one torn by a crash.
 */
final class RecordCodec {
    /** Bytes before the payload: its length and its checksum. */
    static final int PREFIX_LENGTH = 8;
    /** Largest payload written or accepted when reading; a larger length read from a file means a torn record. */
    static final int MAX_PAYLOAD_LENGTH = 16 * 1024 * 1024;

    private static final byte STRING = 'S';
    private static final byte LONG = 'J';
    private static final byte INT = 'I';
    private static final byte BOOLEAN = 'Z';

    private RecordCodec() {
    }

    /** The record framed, from position 0 to the limit. */
    static ByteBuffer encode(SpoolRecord record) {
        Map<String, Object> headers = record.headers();
        byte[][] names = new byte[headers.size()][];
        Object[] values = new Object[headers.size()];
        int payloadLength = 1 + 4 + record.body().length;
        int i = 0;
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            names[i] = header.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = header.getValue() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : header.getValue();
            payloadLength += 2 + names[i].length + valueLength(values[i]);
            i++;
        }
        if (payloadLength > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("A spool record of " + payloadLength + " bytes is larger than "
                    + MAX_PAYLOAD_LENGTH);
        }
        ByteBuffer buffer = ByteBuffer.allocate(PREFIX_LENGTH + payloadLength);
        buffer.position(PREFIX_LENGTH);
        buffer.put((byte) names.length);
        for (int h = 0; h < names.length; h++) {
            buffer.put((byte) names[h].length).put(names[h]);
            putValue(buffer, values[h]);
        }
        buffer.putInt(record.body().length).put(record.body());
        buffer.putInt(0, payloadLength).putInt(4, crc(buffer.array(), PREFIX_LENGTH, payloadLength));
        return buffer.flip();
    }

    /**
     * Decodes a payload whose checksum was verified.
     *
     * @throws IOException if the payload's structure does not match its length
     */
    static SpoolRecord decode(ByteBuffer payload) throws IOException {
        try {
            int count = payload.get() & 0xFF;
            Map<String, Object> headers = new HashMap<>(count * 2);
            for (int h = 0; h < count; h++) {
                String name = new String(bytes(payload, payload.get() & 0xFF), StandardCharsets.UTF_8);
                headers.put(name, getValue(payload, payload.get()));
            }
            byte[] body = bytes(payload, payload.getInt());
            if (payload.hasRemaining()) {
                throw new IOException(payload.remaining() + " bytes left after the body");
            }
            return new SpoolRecord(headers, body);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("Spool record structure does not match its length: " + e, e);
        }
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static int valueLength(Object value) {
        if (value instanceof byte[] utf8) {
            return 2 + utf8.length;
        }
        if (value instanceof Boolean) {
            return 1;
        }
        return value instanceof Long ? 8 : 4;
    }

    private static void putValue(ByteBuffer buffer, Object value) {
        if (value instanceof byte[] utf8) {
            buffer.put(STRING).putShort((short) utf8.length).put(utf8);
        } else if (value instanceof Long l) {
            buffer.put(LONG).putLong(l);
        } else if (value instanceof Boolean b) {
            buffer.put(BOOLEAN).put((byte) (b ? 1 : 0));
        } else {
            buffer.put(INT).putInt((Integer) value);
        }
    }

    private static Object getValue(ByteBuffer payload, byte type) throws IOException {
        return switch (type) {
            case STRING -> new String(bytes(payload, payload.getShort() & 0xFFFF), StandardCharsets.UTF_8);
            case LONG -> payload.getLong();
            case INT -> payload.getInt();
            case BOOLEAN -> booleanValue(payload.get());
            default -> throw new IOException("Unknown header value type " + type);
        };
    }

    private static Boolean booleanValue(byte value) throws IOException {
        if (value != 0 && value != 1) {
            throw new IOException("Boolean header value " + value + ", expected 0 or 1");
        }
        return value == 1;
    }

    private static byte[] bytes(ByteBuffer payload, int length) {
        if (length < 0 || length > payload.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        payload.get(bytes);
        return bytes;
    }
}
