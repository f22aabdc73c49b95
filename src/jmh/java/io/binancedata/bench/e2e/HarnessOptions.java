package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstPlan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The harness's command line (see {@link EndToEndHarness}). */
record HarnessOptions(Path jar, List<BurstPlan> bursts, int bareRuns, List<LatencyPlan> latencies,
                      Duration pollInterval, Path work, boolean keep, boolean bareOnly) {

    static HarnessOptions parse(String[] args) {
        Path jar = Path.of("target/binance-data-integration.jar");
        List<BurstPlan> bursts = new ArrayList<>();
        boolean noBursts = false;
        int bareRuns = 3;
        List<LatencyPlan> latencies = new ArrayList<>();
        boolean noLatency = false;
        Duration poll = Duration.ofNanos(50_000);
        Path work = Path.of("target/e2e");
        boolean keep = false;
        boolean bareOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(value(args, ++i));
                case "--burst" -> {
                    String text = value(args, ++i);
                    if ("none".equals(text)) {
                        noBursts = true;
                    } else {
                        bursts.add(BurstPlan.parse(text));
                    }
                }
                case "--bare-runs" -> bareRuns = Math.max(1, Integer.parseInt(value(args, ++i)));
                case "--latency" -> {
                    String text = value(args, ++i);
                    if ("none".equals(text)) {
                        noLatency = true;
                    } else {
                        latencies.add(LatencyPlan.parse(text));
                    }
                }
                case "--poll-us" -> poll = Duration.ofNanos(1000L * Integer.parseInt(value(args, ++i)));
                case "--work" -> work = Path.of(value(args, ++i));
                case "--keep" -> keep = true;
                case "--bare-only" -> bareOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (bursts.isEmpty() && !noBursts) {
            bursts = List.of(BurstPlan.of(4, 100_000), BurstPlan.of(100, 10_000));
        }
        if (latencies.isEmpty() && !noLatency && !bareOnly) {
            latencies = List.of(LatencyPlan.parse("4:20000:30"));
        }
        return new HarnessOptions(jar, noBursts ? List.of() : bursts, bareRuns, bareOnly ? List.of() : latencies, poll,
                work, keep, bareOnly);
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
