package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstLog;
import io.binancedata.fake.BurstPlan;
import io.binancedata.fake.FakeExchange;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: the fake exchange in burst mode (in this JVM) against the shaded jar (its own process,
 * default file sink) and against a bare JDK WebSocket client that only counts frames, in one run; then a steady-rate
 * latency run. Prints Markdown tables and writes them to {@code <work>/report.md}. Not a test: it checks every trade
 * the jar wrote and exits non-zero when a check fails, but it asserts nothing about speed.
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q -Pbench test-compile exec:exec@e2e [-De2e.args="..."]
 * </pre>
 * Options: {@code --jar PATH}, {@code --burst N:M} (repeatable; default 4:100000 and 100:10000; {@code none} to
 * skip), {@code --bare-runs K} (3, after one warm-up run; the jar gets as many runs, each a fresh process, and the
 * median is compared), {@code --jar-warmup W} (warm-up trades per stream the jar
 * writes before each burst is released, in the same process; default {@link HarnessOptions#jarWarmup(BurstPlan)},
 * 0 for a cold jar), {@code --bare-client in-process|jdk|vertx|both} (in-process: the JDK client in this JVM; the
 * others run each client in a JVM of its own, {@link BareClientProcess}, and report its CPU per frame; the first is the
 * jar's baseline), {@code --bare-only}, {@code --latency N:RATE:SECONDS}
 * (repeatable; default 4:20000:30; {@code none} to skip), {@code --poll-us U} (50: pause between two polls of the
 * files in a latency run), {@code --work DIR} (target/e2e), {@code --keep} (keep the jar's files), {@code --cpus H/C}
 * (the harness's JVM on cores H, the jar and the bare clients on cores C: {@link CpuPinning}; default: not pinned),
 * {@code --hiccups S} (10: {@link HiccupMeter} on every core for S seconds before the latency runs; 0: not).
 */
public final class EndToEndHarness {
    private static final Duration BARE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration THROUGHPUT_POLL = Duration.ofMillis(5);

    private final HarnessOptions options;
    private final List<String> report = new ArrayList<>();
    private boolean failed;

    private EndToEndHarness(HarnessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Configurator.setLevel("io.binancedata.fake", Level.WARN);
        HarnessOptions options = HarnessOptions.parse(args);
        if (options.harnessCpus() != null) {
            CpuPinning.pin(options.harnessCpus(), options.clientCpus());
        }
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("No jar at " + options.jar() + ": build it first (mvn -B -q package -DskipTests)");
            System.exit(2);
        }
        EndToEndHarness harness = new EndToEndHarness(options);
        harness.run();
        System.exit(harness.failed ? 1 : 0);
    }

    private void run() throws Exception {
        Files.createDirectories(options.work());
        header();
        List<String> rows = new ArrayList<>();
        for (BurstPlan plan : options.bursts()) {
            rows.addAll(throughput(plan));
        }
        if (!rows.isEmpty()) {
            section("Throughput: release to the last trade read (bare client) or written (jar)",
                    "| burst | client | trades | seconds | trades/s | CPU µs/trade | jar / bare |",
                    "|---|---|---|---|---|---|---|", rows);
        }
        if (!options.latencies().isEmpty() && options.hiccupSeconds() > 0) {
            hiccups();
        }
        for (LatencyPlan latency : options.latencies()) {
            latency(latency);
        }
        Files.write(options.work().resolve("report.md"), report, StandardCharsets.UTF_8);
        print("Report written to " + options.work().resolve("report.md") + (failed ? "; SOME CHECKS FAILED" : ""));
    }

    private List<String> throughput(BurstPlan plan) throws Exception {
        String name = String.format(Locale.ROOT, "%d × %,d", plan.streams(), plan.tradesPerStream());
        List<String> rows = new ArrayList<>();
        double bareRate = Double.NaN;
        if (options.bareClients().isEmpty()) {
            BareRuns runs = inProcessRuns(plan, name);
            rows.add(runs.row(name, "bare JDK WebSocket (in the harness's JVM)"));
            bareRate = runs.rate();
        }
        List<BareRuns> processRuns = processRuns(plan, name);
        for (int c = 0; c < processRuns.size(); c++) {
            rows.add(processRuns.get(c).row(name, options.bareClients().get(c).label() + " (its own JVM)"));
            bareRate = Double.isNaN(bareRate) ? processRuns.get(c).rate() : bareRate;
        }
        if (options.bareOnly()) {
            return rows;
        }
        rows.add(jarRow(plan, name, bareRate));
        return rows;
    }

    /** The JDK bare client in this JVM: a warm-up run, then the measured ones. */
    private BareRuns inProcessRuns(BurstPlan plan, String name) throws Exception {
        long warmUp = bareRun(plan);
        print(String.format(Locale.ROOT, "%s, bare client warm-up run (JIT of the exchange and the client; not"
                + " counted): %.3f s", name, warmUp / 1e6));
        BareRuns runs = new BareRuns(plan);
        for (int i = 0; i < options.bareRuns(); i++) {
            CpuUse cpu = CpuUse.sample(null);
            long micros = bareRun(plan);
            if (micros >= 0) {
                runs.add(micros);
                print(String.format(Locale.ROOT, "%s, bare client run %d: %.3f s; %s", name, i + 1, micros / 1e6,
                        CpuUse.since(cpu)));
            }
        }
        return runs;
    }

    /**
     * Each bare client of {@code --bare-client} in a JVM of its own, kept for all the runs of this burst: a warm-up run
     * of each, then the measured runs taking turns (client A run 1, client B run 1, A run 2, …), so that the changing
     * load of the shared machine falls on both alike.
     */
    private List<BareRuns> processRuns(BurstPlan plan, String name) throws Exception {
        List<BareClients> clients = options.bareClients();
        List<BareRuns> runs = new ArrayList<>();
        List<BareClientProcess> processes = new ArrayList<>();
        try {
            for (BareClients client : clients) {
                runs.add(new BareRuns(plan));
                processes.add(BareClientProcess.start(client, options.work().resolve("bare-"
                        + client.name().toLowerCase(Locale.ROOT) + ".log")));
            }
            for (int i = 0; i <= options.bareRuns(); i++) {
                for (int c = 0; c < clients.size(); c++) {
                    CpuUse cpu = CpuUse.sample(processes.get(c).handle(), "the bare client");
                    Timed timed = processRun(plan, processes.get(c));
                    if (timed != null) {
                        print(String.format(Locale.ROOT, "%s, %s %s: %s", name, clients.get(c).label(),
                                i == 0 ? "warm-up run (JIT; not counted)" : "run " + i, timed.describe(plan, cpu)));
                        if (i > 0) {
                            runs.get(c).add(timed.micros(), timed.run().cpuNanos());
                        }
                    }
                }
            }
        } finally {
            for (BareClientProcess process : processes) {
                process.close();
            }
        }
        return runs;
    }

    /**
     * A fresh exchange read by the bare client in {@code process}; null when not every frame arrived in time
     * (reported, and the run counts as failed).
     */
    private Timed processRun(BurstPlan plan, BareClientProcess process) throws Exception {
        try (FakeExchange exchange = FakeExchange.start(JarRun.exchangeOptions(plan))) {
            BurstLog burst = exchange.burst();
            try {
                BareClientProcess.Run run = process.run(new BareTarget(exchange.wsUrl(), burst.symbols(),
                        plan.tradesPerStream()));
                if (run.result().messages() != plan.totalTrades()) {
                    throw new TimeoutException(run.result().messages() + " messages read");
                }
                return new Timed(run, run.result().lastMicros() - burst.releaseEpochMicros());
            } catch (TimeoutException e) {
                bareRunFailed(e, burst);
                return null;
            }
        }
    }

    /** A bare client's run and its release → last frame read, µs. */
    private record Timed(BareClientProcess.Run run, long micros) {

        /** For the run's report line; {@code cpu} sampled before the run. */
        String describe(BurstPlan plan, CpuUse cpu) {
            double frames = plan.totalTrades();
            return String.format(Locale.ROOT, "%.3f s, %,.0f trades/s; its process used %.3f s of CPU: %.3f µs/frame"
                    + " (%s); allocated %.0f B/frame; %d GCs (%d ms); payload %,d; %s", micros / 1e6,
                    frames / (micros / 1e6), run.cpuNanos() / 1e9, run.cpuNanos() / 1e3 / frames,
                    run.threadsPerFrame(plan.totalTrades()), run.allocatedBytes() / frames, run.gcCount(),
                    run.gcMillis(), run.result().payloadLength(), CpuUse.since(cpu));
        }
    }

    /**
     * The jar's row: as many jar processes as the bare client has runs ({@code --bare-runs}), each warmed up and given
     * the burst once; the row shows the median run (by time), and every run's rate.
     */
    private String jarRow(BurstPlan plan, String name, double bareRate) throws Exception {
        Path workDir = options.work().resolve("jar-" + plan.streams() + "x" + plan.tradesPerStream());
        BurstPlan warmed = plan.withWarmup(options.jarWarmup(plan));
        List<JarRun.Result> runs = new ArrayList<>();
        for (int run = 1; run <= options.bareRuns(); run++) {
            runs.add(jarRun(plan, name + ", jar run " + run, warmed, workDir));
        }
        List<JarRun.Result> byTime = new ArrayList<>(runs);
        byTime.sort(Comparator.comparingLong(JarRun.Result::elapsedMicros));
        JarRun.Result jar = byTime.get((byTime.size() - 1) / 2);
        boolean allPassed = runs.stream().allMatch(JarRun.Result::passed);
        String rates = String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f",
                r.complete() ? plan.totalTrades() / (r.elapsedMicros() / 1e6) : Double.NaN)).toList());
        double jarRate = jar.complete() ? plan.totalTrades() / (jar.elapsedMicros() / 1e6) : Double.NaN;
        return String.format(Locale.ROOT, "| %s | the jar → `sbe-file` (%s; median of %d runs, each a fresh jar: %s;"
                        + " every trade decoded and checked: %s; %d reconnects, %d REST calls) | %,d | %.3f | **%,.0f**"
                        + " | %.3f | **%.1f %%** |", name,
                        warmed.hasWarmup() ? String.format(Locale.ROOT, "after a warm-up of %d × %,d trades",
                                warmed.streams(), warmed.warmupTrades()) : "cold: no warm-up",
                        runs.size(), rates, allPassed ? "exact" : "FAILED", jar.reconnects(), jar.restCalls(),
                        plan.totalTrades(), jar.elapsedMicros() / 1e6, jarRate,
                        jar.jarCpu().toNanos() / 1e3 / plan.totalTrades(), 100 * jarRate / bareRate);
    }

    /** One fresh jar given the burst once, reported line by line. */
    private JarRun.Result jarRun(BurstPlan plan, String name, BurstPlan warmed, Path workDir) throws Exception {
        JarRun.Result jar = JarRun.run(options.jar(), workDir, warmed, false, THROUGHPUT_POLL, null);
        String warmup = warmupText(warmed, jar);
        print(String.format(Locale.ROOT, "%s (%s): %.3f s; the exchange had sent everything %.3f s after the"
                + " release; the jar used %.1f s of CPU (%,.0f trades per CPU-second); %s", name, warmup,
                jar.elapsedMicros() / 1e6, (jar.burst().completionEpochMicros() - jar.burst().releaseEpochMicros()) / 1e6,
                jar.jarCpu().toMillis() / 1e3, plan.totalTrades() / (jar.jarCpu().toMillis() / 1e3), jar.cpuUse()));
        checked(jar, workDir);
        if (jar.batches() > 0) {
            print(String.format(Locale.ROOT, "  %,d exchanges (batches) carried %,d messages: %.1f each on average",
                    jar.batches(), jar.tableMessages(), jar.tableMessages() / (double) jar.batches()));
        }
        long minReceive = LatencyTable.minReceiveMinusSend(jar);
        print(String.format(Locale.ROOT, "  smallest receiveTime − exchange send time: %s (below -1 ms: the jar's clock"
                + " runs behind the exchange's)", minReceive == Long.MAX_VALUE ? "n/a" : Latencies.duration(minReceive)));
        return jar;
    }

    /** How the jar's run was warmed, for its report line. */
    private static String warmupText(BurstPlan warmed, JarRun.Result jar) {
        if (!warmed.hasWarmup()) {
            return "cold: no warm-up";
        }
        long trades = (long) warmed.streams() * warmed.warmupTrades();
        return String.format(Locale.ROOT, "warm-up of %d × %,d trades, not counted: every stream subscribed → last"
                + " warm-up trade written %.3f s, %,.0f trades/s; %s", warmed.streams(), warmed.warmupTrades(),
                jar.warmupMicros() / 1e6, trades / (jar.warmupMicros() / 1e6), jar.idleMillis() < 0
                        ? "the jar was not idle within 30 s (released anyway)"
                        : String.format(Locale.ROOT, "idle %.1f s later", jar.idleMillis() / 1e3));
    }

    /**
     * A fresh exchange, the bare client; returns release → last frame read, µs, or -1 when not every frame arrived
     * in time (reported, and the run counts as failed).
     */
    private long bareRun(BurstPlan plan) throws Exception {
        try (FakeExchange exchange = FakeExchange.start(JarRun.exchangeOptions(plan))) {
            BurstLog burst = exchange.burst();
            try {
                BareResult read = BareSocketClient.read(new BareTarget(exchange.wsUrl(), burst.symbols(),
                        plan.tradesPerStream()), burst::epochMicros, BARE_TIMEOUT);
                return read.lastMicros() - burst.releaseEpochMicros();
            } catch (TimeoutException e) {
                bareRunFailed(e, burst);
                return -1;
            }
        }
    }

    private void bareRunFailed(TimeoutException e, BurstLog burst) {
        failed = true;
        long sent = 0;
        for (int s = 0; s < burst.plan().streams(); s++) {
            sent += burst.tradesSent(s);
        }
        print(String.format(Locale.ROOT, "  BARE RUN FAILED: %s%n  (the exchange sent %,d of %,d trades)",
                e.getMessage(), sent, burst.plan().totalTrades()));
    }

    /** The machine's own hiccups ({@link HiccupMeter}), nothing of ours running: the floor under every latency. */
    private void hiccups() throws Exception {
        section(String.format(Locale.ROOT, "The machine's hiccups: a thread spinning on each core for %d s, nothing"
                        + " else running; gaps between two clock readings (the core taken away: interrupts, other"
                        + " threads, the host)", options.hiccupSeconds()),
                "| core | gaps > 100 µs per s | > 500 µs per s | > 1 ms per s | > 2 ms per s | > 5 ms per s"
                        + " | time lost in gaps > 20 µs | longest gap |", "|---|---|---|---|---|---|---|---|",
                HiccupMeter.measure(machineCores(), options.hiccupSeconds()));
    }

    private void latency(LatencyPlan latency) throws Exception {
        BurstPlan plan = latency.plan();
        Path workDir = options.work().resolve("latency-" + plan.streams() + "x" + plan.tradesPerStream());
        JarRun.Result jar = JarRun.run(options.jar(), workDir, plan, true, options.pollInterval(),
                Duration.ofSeconds(latency.warmUpSeconds()));
        checked(jar, workDir);
        BurstLog burst = jar.burst();
        double sentSeconds = (burst.completionEpochMicros() - burst.releaseEpochMicros()) / 1e6;
        double writtenSeconds = jar.elapsedMicros() / 1e6;
        LatencyTable table = LatencyTable.of(jar, latency.warmUpSeconds());
        section(String.format(Locale.ROOT, "Latency: %d streams, %,.0f trades/s in total for %d s (%,d trades);"
                        + " the exchange sent them in %.3f s (%,.0f trades/s), the jar wrote the last %.3f s after"
                        + " the release; %d reconnects, %d REST calls; %s", plan.streams(), plan.tradesPerSecond(),
                        latency.seconds(), plan.totalTrades(), sentSeconds, plan.totalTrades() / sentSeconds,
                        writtenSeconds, jar.reconnects(), jar.restCalls(), jar.cpuUse()),
                "| per trade | min | p50 | p99 | p99.9 | max | trades |", "|---|---|---|---|---|---|---|",
                table.rows());
        bareLatency(latency, workDir);
    }

    /**
     * The same steady run read by the bare Vert.x client in a JVM of its own (a fresh exchange, a connection per
     * stream): how late a reader that does nothing at all sees the frames on this machine — the floor under the jar's
     * latency.
     */
    private void bareLatency(LatencyPlan latency, Path workDir) throws Exception {
        BurstPlan plan = latency.plan();
        BareClients client = BareClients.VERTX;
        Path times = workDir.resolve("bare-receive-times.bin");
        try (BareClientProcess process = BareClientProcess.start(client, workDir.resolve("bare-latency.log"));
             FakeExchange exchange = FakeExchange.start(JarRun.exchangeOptions(plan))) {
            BurstLog burst = exchange.burst();
            CpuUse cpu = CpuUse.sample(process.handle(), "the bare client");
            try {
                process.run(new BareTarget(exchange.wsUrl(), burst.symbols(), plan.tradesPerStream(), times));
            } catch (TimeoutException e) {
                bareRunFailed(e, burst);
                return;
            }
            burst.awaitCompletion(Duration.ofSeconds(10));
            long[][] received = StreamCounter.readReceiveTimes(times, plan.streams(), plan.tradesPerStream());
            section(String.format(Locale.ROOT, "Latency floor: the same %d streams at %,.0f trades/s for %d s read by"
                            + " the %s (its own JVM, a connection per stream, counts frames only); %s", plan.streams(),
                            plan.tradesPerSecond(), latency.seconds(), client.label(), CpuUse.since(cpu)),
                    "| per trade | min | p50 | p99 | p99.9 | max | trades |", "|---|---|---|---|---|---|---|",
                    LatencyTable.bareRows(burst, received, latency.warmUpSeconds(), "the bare client"));
        } finally {
            Files.deleteIfExists(times);
        }
    }

    private void checked(JarRun.Result jar, Path workDir) {
        if (!jar.passed()) {
            failed = true;
            print("  CHECK FAILED: complete=" + jar.complete() + ", trades decoded " + jar.check().trades() + ", "
                    + jar.check().errors() + " errors, dead letters " + jar.deadLetterLines() + ", log " + jar.log());
            jar.check().firstErrors().forEach(error -> print("    " + error));
        } else if (!options.keep()) {
            JarRun.deleteRecursively(workDir.resolve("data"));
        }
        if (jar.exitCode() != 0 && jar.exitCode() != 143) {
            print("  note: the jar exited with " + jar.exitCode() + " after SIGTERM; log " + jar.log());
        }
    }

    private void header() throws IOException {
        print("# End-to-end harness, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        print("");
        print("- machine: " + cpuModel() + ", " + machineCores() + " cores, "
                + memory() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        print("- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (the harness and the fake exchange; the jar runs on the same java with default options)");
        print("- jar: " + options.jar() + " (" + Files.getLastModifiedTime(options.jar()) + ")");
        print("- cores: " + CpuPinning.describe(options.harnessCpus()));
        print(String.format(Locale.ROOT, "- load average before the run: %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private void section(String title, String head, String rule, List<String> rows) {
        print("");
        print("## " + title);
        print("");
        print(head);
        print(rule);
        rows.forEach(this::print);
        print(String.format(Locale.ROOT, "(load average now: %.2f)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private void print(String line) {
        System.out.println(line);
        System.out.flush();
        report.add(line);
    }

    /** The machine's cores (this JVM's own count is one when pinned to one). */
    private static int machineCores() throws IOException {
        return Integer.parseInt(new String(new ProcessBuilder("nproc", "--all").start().getInputStream()
                .readAllBytes(), StandardCharsets.US_ASCII).trim());
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return System.getProperty("os.arch");
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        }
    }

    private static String memory() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.isReadable(meminfo)) {
            return "memory unknown";
        }
        try (Stream<String> lines = Files.lines(meminfo)) {
            return lines.filter(line -> line.startsWith("MemTotal:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB RAM")
                    .orElse("memory unknown");
        }
    }
}
