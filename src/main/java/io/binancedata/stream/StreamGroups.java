package io.binancedata.stream;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Which group of a cluster a symbol's streams belong to ({@code binance.cluster.groups}): the CRC-32 of the upper-case
 * symbol's UTF-8 bytes, modulo the number of groups. Stable across processes, JVMs and restarts (no {@code hashCode}),
 * so that every instance with the same configuration agrees; a symbol's trade stream and all its kline streams share
 * its group.
 */
public final class StreamGroups {
    private StreamGroups() {
    }

    /**
     * The group of {@code symbol}, 0 to {@code groups - 1}.
     *
     * @throws IllegalArgumentException when {@code groups} is below 1
     */
    public static int group(String symbol, int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be at least 1: " + groups);
        }
        CRC32 crc = new CRC32();
        crc.update(symbol.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % groups);
    }

    /** The group of the stream's symbol. */
    public static int group(StreamKey key, int groups) {
        return group(key.symbol(), groups);
    }
}
