package io.binancedata.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks an {@code Authorization} header against the control API's token: scheme {@code Bearer} in any case
 * ({@code bearer}, {@code BEARER}; RFC 7235 schemes are case-insensitive), one or more spaces, then the token, compared
 * in constant time.
 */
final class BearerToken {
    private static final String SCHEME = "Bearer";

    private BearerToken() {
    }

    static boolean matches(String authorization, String token) {
        if (authorization == null) {
            return false;
        }
        String header = authorization.strip();
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.charAt(SCHEME.length()) != ' ') {
            return false;
        }
        String given = header.substring(SCHEME.length()).stripLeading();
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
