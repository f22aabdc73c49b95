package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstPlan;

/**
 * A steady latency run: {@code streams} streams sharing {@code rate} trades/s for {@code seconds}; trades sent in the
 * first {@code warmUpSeconds} are reported apart too (the jar's JIT compiles then).
 */
record LatencyPlan(int streams, double rate, int seconds, int warmUpSeconds) {

    /** {@code N:RATE:SECONDS}, e.g. {@code 4:20000:30}. */
    static LatencyPlan parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+(\\.\\d+)?")
                || !parts[2].matches("\\d+")) {
            throw new IllegalArgumentException("--latency needs N:RATE:SECONDS, e.g. 4:20000:30: " + text);
        }
        int seconds = Integer.parseInt(parts[2]);
        return new LatencyPlan(Integer.parseInt(parts[0]), Double.parseDouble(parts[1]), seconds,
                Math.min(10, seconds / 3));
    }

    BurstPlan plan() {
        long perStream = Math.round(rate * seconds / streams);
        return new BurstPlan(streams, (int) perStream, rate);
    }
}
