package io.binancedata.bench.e2e;

/**
 * What a bare client read: when the last stream's last message arrived (µs since the epoch, on the burst's clock, the
 * system clock) and, as a check that every byte was delivered, the messages and the payload length summed over all
 * streams (chars for the JDK client, bytes for the Vert.x one: the same for the exchange's ASCII frames).
 */
record BareResult(long lastMicros, long messages, long payloadLength) {

    String toLine() {
        return lastMicros + " " + messages + " " + payloadLength;
    }

    static BareResult parse(String line) {
        String[] parts = line.trim().split(" ");
        return new BareResult(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }
}
