package io.binancedata.pipeline;

import java.util.Arrays;

/**
 * The objects and arrays open at the {@link JsonCursor}'s position, and the keys already seen in each open object,
 * so that a duplicate key is found at any depth (as with Jackson's {@code STRICT_DUPLICATE_DETECTION}).
 * <p>
 * Keys of one ASCII character (all keys Binance sends) are bits of a 128-bit set per object; other keys are
 * copied, decoded, into a table shared by the open objects and compared one by one (they are rare: Binance has
 * none). The arrays start small and grow when a frame needs more (deep nesting, many long keys), so the steady
 * state allocates nothing.
 */
final class NestingStack {
    /** Deepest nesting accepted (the default limit of Jackson's {@code StreamReadConstraints}). */
    static final int MAX_DEPTH = 1000;

    private boolean[] isObject = new boolean[8];
    private long[] asciiLow = new long[8];
    private long[] asciiHigh = new long[8];
    private int[] firstKey = new int[8];
    private int[] firstKeyChar = new int[8];
    private int depth;

    private int[] keyStart = new int[8];
    private int[] keyLength = new int[8];
    private int keyCount;
    private char[] keyChars = new char[64];
    private int keyCharsUsed;

    void reset() {
        depth = 0;
        keyCount = 0;
        keyCharsUsed = 0;
    }

    /** Number of open objects and arrays, 0 outside the frame's object. */
    int depth() {
        return depth;
    }

    /** Whether the innermost open container is an object (not an array). */
    boolean inObject() {
        return isObject[depth];
    }

    /**
     * Opens an object or array.
     *
     * @return false if it would be nested deeper than {@link #MAX_DEPTH}.
     */
    boolean push(final boolean object) {
        if (depth == MAX_DEPTH) {
            return false;
        }
        depth++;
        if (depth == isObject.length) {
            final int capacity = Math.min(2 * depth, MAX_DEPTH + 1);
            isObject = Arrays.copyOf(isObject, capacity);
            asciiLow = Arrays.copyOf(asciiLow, capacity);
            asciiHigh = Arrays.copyOf(asciiHigh, capacity);
            firstKey = Arrays.copyOf(firstKey, capacity);
            firstKeyChar = Arrays.copyOf(firstKeyChar, capacity);
        }
        isObject[depth] = object;
        asciiLow[depth] = 0;
        asciiHigh[depth] = 0;
        firstKey[depth] = keyCount;
        firstKeyChar[depth] = keyCharsUsed;
        return true;
    }

    /** Closes the innermost container, forgetting its keys. */
    void pop() {
        keyCount = firstKey[depth];
        keyCharsUsed = firstKeyChar[depth];
        depth--;
    }

    /**
     * Records a key of the innermost object.
     *
     * @param chars  holds the decoded key.
     * @param from   index of its first character.
     * @param length its length.
     * @return false if the object already has this key.
     */
    boolean add(final char[] chars, final int from, final int length) {
        if (length == 1 && chars[from] < 0x80) {
            return addAscii(chars[from]);
        }
        for (int k = firstKey[depth]; k < keyCount; k++) {
            if (keyLength[k] == length
                && Arrays.equals(keyChars, keyStart[k], keyStart[k] + length, chars, from, from + length)) {
                return false;
            }
        }
        append(chars, from, length);
        return true;
    }

    /**
     * Records a key of one ASCII character of the innermost object.
     *
     * @return false if the object already has this key.
     */
    boolean addAscii(final char c) {
        final long bit = 1L << c;
        final int d = depth;
        if (c < 64) {
            final long before = asciiLow[d];
            asciiLow[d] = before | bit;
            return (before & bit) == 0;
        }
        final long before = asciiHigh[d];
        asciiHigh[d] = before | bit;
        return (before & bit) == 0;
    }

    private void append(final char[] chars, final int from, final int length) {
        if (keyCount == keyStart.length) {
            keyStart = Arrays.copyOf(keyStart, 2 * keyCount);
            keyLength = Arrays.copyOf(keyLength, 2 * keyCount);
        }
        if (keyCharsUsed + length > keyChars.length) {
            keyChars = Arrays.copyOf(keyChars, Math.max(2 * keyChars.length, keyCharsUsed + length));
        }
        System.arraycopy(chars, from, keyChars, keyCharsUsed, length);
        keyStart[keyCount] = keyCharsUsed;
        keyLength[keyCount] = length;
        keyCount++;
        keyCharsUsed += length;
    }
}
