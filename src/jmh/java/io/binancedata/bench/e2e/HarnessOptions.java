package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstPlan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's command line (see {@link EndToEndHarness}).
 *
 * @param jarWarmup warm-up trades per stream before each jar burst ({@code --jar-warmup N}); {@link #AUTO_WARMUP} for
 *                  the default ({@link #jarWarmup(BurstPlan)})
 * @param bareClients the bare clients to run each in a JVM of its own ({@code --bare-client jdk|vertx|both}); empty
 *                    for the JDK client inside the harness's JVM ({@code --bare-client in-process}, the default)
 * @param harnessCpus the harness's cores ({@code --cpus HARNESS/CLIENT}, {@link CpuPinning}); null: not pinned
 * @param clientCpus  the cores of the jar and the bare clients; null: not pinned
 * @param hiccupSeconds how long {@link HiccupMeter} runs before the latency runs ({@code --hiccups S}, 10; 0: not)
 */
record HarnessOptions(Path jar, List<BurstPlan> bursts, int bareRuns, List<LatencyPlan> latencies,
                      Duration pollInterval, Path work, boolean keep, boolean bareOnly, int jarWarmup,
                      List<BareClients> bareClients, String harnessCpus, String clientCpus, int hiccupSeconds) {
    /** {@link #jarWarmup()} when {@code --jar-warmup} was not given (or given as {@code auto}). */
    static final int AUTO_WARMUP = -1;
    /** The default warm-up's floor over all streams together: the JIT counts calls of code all streams share. */
    static final long MIN_WARMUP_TRADES = 100_000;

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
        int jarWarmup = AUTO_WARMUP;
        List<BareClients> bareClients = List.of();
        String harnessCpus = null;
        String clientCpus = null;
        int hiccupSeconds = 10;
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
                case "--jar-warmup" -> jarWarmup = warmup(value(args, ++i));
                case "--bare-client" -> bareClients = bareClients(value(args, ++i));
                case "--cpus" -> {
                    String text = value(args, ++i);
                    if (!text.matches("[\\d,-]+/[\\d,-]+")) {
                        throw new IllegalArgumentException("--cpus needs HARNESS/CLIENT core lists, e.g. 0/1: " + text);
                    }
                    harnessCpus = text.substring(0, text.indexOf('/'));
                    clientCpus = text.substring(text.indexOf('/') + 1);
                }
                case "--hiccups" -> hiccupSeconds = Integer.parseInt(value(args, ++i));
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
                work, keep, bareOnly, jarWarmup, bareClients, harnessCpus, clientCpus, hiccupSeconds);
    }

    /**
     * Warm-up trades per stream for the jar's run of a throughput burst: the {@code --jar-warmup} value, by default
     * 2 × M (at least ⌈{@value #MIN_WARMUP_TRADES} / N⌉) — as much traffic as the bare client has read before its median
     * run (its warm-up run and one more run of the same burst), so that both are compared equally warm: 4 × 100,000
     * warms with 4 × 200,000, 100 × 10,000 with 100 × 20,000. (Until 2026-12-03 it was M / 5: the jar was measured with
     * its C2 compilations still under way — 4.6 s of compiler CPU in a 4 × 100,000 run — against a warm client.)
     */
    int jarWarmup(BurstPlan plan) {
        if (jarWarmup != AUTO_WARMUP) {
            return jarWarmup;
        }
        long floor = (MIN_WARMUP_TRADES + plan.streams() - 1) / plan.streams();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * plan.tradesPerStream(), floor));
    }

    private static int warmup(String text) {
        if ("auto".equals(text)) {
            return AUTO_WARMUP;
        }
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("--jar-warmup needs a number of trades per stream (0: none) or auto: "
                    + text);
        }
        return Integer.parseInt(text);
    }

    private static List<BareClients> bareClients(String text) {
        return switch (text) {
            case "in-process" -> List.of();
            case "jdk" -> List.of(BareClients.JDK);
            case "vertx" -> List.of(BareClients.VERTX);
            case "both" -> List.of(BareClients.JDK, BareClients.VERTX);
            default -> throw new IllegalArgumentException("--bare-client needs in-process, jdk, vertx or both: " + text);
        };
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
