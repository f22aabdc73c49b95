package io.binancedata.spool;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One message kept by a spool: its body and the headers needed to deliver it again. Header values are
 * {@link String}, {@link Long}, {@link Integer} or {@link Boolean} ({@code BinanceBackfilled}) and come back from the
 * spool with the type they had, so a sink sees the same message whether it was delivered directly or from the spool.
 *
 * @param headers header names to values; copied, no null names or values (leave absent headers out)
 * @param body    the message body, not copied
 */
public record SpoolRecord(Map<String, Object> headers, byte[] body) {
    /** Longest header name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** Most headers a record keeps. */
    public static final int MAX_HEADERS = 255;
    /** Longest {@link String} header value, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 65_535;

    /**
     * @throws IllegalArgumentException if a header name or value cannot be kept
     * @throws NullPointerException     if the body, a header name or a header value is null
     */
    public SpoolRecord {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("A spool record keeps at most " + MAX_HEADERS + " headers, got "
                    + headers.size());
        }
        headers.forEach(SpoolRecord::checkHeader);
    }

    private static void checkHeader(String name, Object value) {
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("Header name must have 1 to " + MAX_NAME_BYTES + " UTF-8 bytes: '"
                    + name + "'");
        }
        if (value instanceof String s) {
            if (s.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException("Header " + name + " is longer than " + MAX_STRING_BYTES
                        + " UTF-8 bytes");
            }
        } else if (!(value instanceof Long) && !(value instanceof Integer) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("Header " + name + " is a " + value.getClass().getName()
                    + "; a spool keeps String, Long, Integer and Boolean header values");
        }
    }
}
