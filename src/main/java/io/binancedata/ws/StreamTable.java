package io.binancedata.ws;

import java.util.Map;

/**
 * An immutable map from stream name to value that is looked up by a region of a {@link CharSequence} — the name
 * inside a received message — without making a String: open addressing, keys hashed as {@link String#hashCode}.
 * A connection replaces its table on every change of its streams (rare), and reads it for every message.
 */
final class StreamTable<V> {
    private final String[] keys;
    private final Object[] values;
    private final int mask;

    StreamTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
        keys = new String[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        entries.forEach((key, value) -> {
            int slot = spread(key.hashCode()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
        });
    }

    /** @return the value of the name at {@code [from, to)} of {@code text}, or null */
    @SuppressWarnings("unchecked")
    V find(CharSequence text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int slot = spread(hash) & mask;
        for (String key = keys[slot]; key != null; key = keys[slot]) {
            if (equal(key, text, from, to)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static boolean equal(String key, CharSequence text, int from, int to) {
        if (key.length() != to - from) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != text.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
