package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measured runs of one bare client against one burst: release → last frame read, and (for a client in its own JVM,
 * {@link BareClientProcess}) the CPU its process used per frame; medians for the report's table.
 */
final class BareRuns {
    private final BurstPlan plan;
    private final List<Long> micros = new ArrayList<>();
    private final List<Double> cpuMicrosPerFrame = new ArrayList<>();

    BareRuns(BurstPlan plan) {
        this.plan = plan;
    }

    void add(long elapsedMicros) {
        micros.add(elapsedMicros);
    }

    void add(long elapsedMicros, long cpuNanos) {
        micros.add(elapsedMicros);
        cpuMicrosPerFrame.add(cpuNanos / 1e3 / plan.totalTrades());
    }

    long medianMicros() {
        return micros.isEmpty() ? -1 : micros.stream().sorted().toList().get(micros.size() / 2);
    }

    /** Trades per second of the median run; NaN without a run. */
    double rate() {
        return micros.isEmpty() ? Double.NaN : plan.totalTrades() / (medianMicros() / 1e6);
    }

    /** The table row: {@code | burst | client | trades | seconds | trades/s | CPU µs/trade | |}. */
    String row(String burst, String client) {
        String rates = micros.stream().map(b -> String.format(Locale.ROOT, "%,.0f", plan.totalTrades() / (b / 1e6)))
                .reduce((a, b) -> a + ", " + b).orElse("");
        String cpu = "";
        if (!cpuMicrosPerFrame.isEmpty()) {
            String each = cpuMicrosPerFrame.stream().map(c -> String.format(Locale.ROOT, "%.3f", c))
                    .reduce((a, b) -> a + ", " + b).orElse("");
            cpu = String.format(Locale.ROOT, "**%.3f** (%s)", cpuMicrosPerFrame.stream().sorted().toList()
                    .get(cpuMicrosPerFrame.size() / 2), each);
        }
        return String.format(Locale.ROOT, "| %s | %s, counts frames (median of %d runs: %s) | %,d | %.3f | **%,.0f** |"
                + " %s | |", burst, client, micros.size(), rates, plan.totalTrades(), medianMicros() / 1e6, rate(), cpu);
    }
}
