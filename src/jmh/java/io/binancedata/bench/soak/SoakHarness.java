package io.binancedata.bench.soak;

import io.binancedata.bench.e2e.BurstFiles;
import io.binancedata.bench.e2e.ProductProcess;
import io.binancedata.bench.e2e.SinkCheck;
import io.binancedata.fake.BurstLog;
import io.binancedata.fake.BurstPlan;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.FaultPlan;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;

/**
 * The soak: the shaded jar (its own process, as a user runs it) against the fake exchange in this JVM for hours, with
 * connection rotation every 30 s, connections dropped every few minutes (the market trades on meanwhile, so the jar
 * backfills the trades it missed over REST), malformed frames on every connection and HTTP sink outages, at a light steady load (4 streams, 200 trades/s in total by default). Every minute it samples
 * the jar's heap after a full GC, metaspace, live threads, open file descriptors, RSS and spool on disk, and judges
 * each flat or growing (first against last quarter). At the end it stops the jar with SIGTERM and checks that the
 * {@code sbe-file} output holds every trade id exactly once, in order and exact, and that the HTTP sink got every
 * trade (at least once, in order). Writes {@code <work>/samples.csv} as it goes and {@code <work>/report.md} at the
 * end; exits 0 only when every check passed and every resource is flat. Not part of CI:
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q -Pbench test-compile exec:exec@soak [-Dsoak.args="..."]
 * </pre>
 * Options: {@code --duration 2h}, {@code --streams 4}, {@code --rate 200} (trades/s, all streams),
 * {@code --sample 1m}, {@code --rotation 30s}, {@code --reset-every 5m}, {@code --reset-after 300} (frames),
 * {@code --malformed-every 500} (frames), {@code --outages 2}, {@code --outage-length 4m} (at most a tenth of the
 * duration), {@code --drain 10m}, {@code --market-waits} (trades wait for a dropped stream's next connection:
 * no gaps, no backfills), {@code --jar PATH}, {@code --work DIR} (target/soak, emptied first).
 */
public final class SoakHarness {
    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofMinutes(2);

    private final SoakOptions options;
    private final List<String> report = new ArrayList<>();
    private boolean failed;

    private SoakHarness(SoakOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Configurator.setLevel("io.binancedata.fake", Level.WARN);
        SoakOptions options = SoakOptions.parse(args);
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("No jar at " + options.jar() + ": build it first (mvn -B -q package -DskipTests)");
            System.exit(2);
        }
        SoakHarness harness = new SoakHarness(options);
        harness.run();
        System.exit(harness.failed ? 1 : 0);
    }

    private void run() throws Exception {
        deleteRecursively(options.work());
        Files.createDirectories(options.work());
        BurstPlan plan = new BurstPlan(options.streams(), options.tradesPerStream(), options.rate());
        FaultPlan faults = new FaultPlan().injectMalformedEvery(options.malformedEvery());
        header(plan);
        SampleTable table = new SampleTable(options.work().resolve("samples.csv"));
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().burst(plan).faults(faults)
                .burstMarketTradesOn(options.marketTradesOn()));
             HttpSinkServer http = HttpSinkServer.start(exchange.burst());
             ProductProcess product = ProductProcess.start(options.jar(), options.work().resolve("jar"),
                     exchange.wsUrl(), exchange.restUrl(), plan.symbols(), properties(options, http));
             SoakRun run = new SoakRun(options, exchange, http, product, table)) {
            print("jar pid " + product.handle().pid() + ", log " + product.log() + ", samples "
                    + options.work().resolve("samples.csv"));
            awaitRelease(run.burst(), product);
            run.schedule();
            boolean sent = awaitSent(run, product);
            boolean drained = sent && awaitSinks(run, product, http);
            run.stopSchedule();
            run.sample();
            long stopStart = System.nanoTime();
            boolean aliveAtEnd = product.isAlive();
            int exitCode = product.stop(STOP_GRACE);
            Duration stopTime = Duration.ofNanos(System.nanoTime() - stopStart);
            results(run, table, http, product, new Ending(sent, drained, aliveAtEnd, exitCode, stopTime));
        }
        Files.write(options.work().resolve("report.md"), report, StandardCharsets.UTF_8);
        print("Report written to " + options.work().resolve("report.md") + (failed ? "; SOME CHECKS FAILED" : ""));
    }

    /** The jar's settings for the soak: rotation, and the file sink plus the HTTP sink (spooled by default). */
    private static List<String> properties(SoakOptions options, HttpSinkServer http) {
        Path data = options.work().resolve("jar").resolve("data").toAbsolutePath();
        return List.of("binance.rotation.interval=" + options.rotation().toSeconds() + "s",
                "binance.sink.trade=sbe-file:" + data + "," + http.uri());
    }

    /** How the run ended. */
    private record Ending(boolean sent, boolean drained, boolean aliveAtEnd, int exitCode, Duration stopTime) {
    }

    private static void awaitRelease(BurstLog burst, ProductProcess product) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
        while (!burst.awaitRelease(Duration.ofMillis(200))) {
            if (!product.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the jar did not subscribe to every stream ("
                        + (product.isAlive() ? "timeout" : "it exited") + "); its log ends:\n" + product.logTail(30));
            }
        }
    }

    /** Until the exchange has sent every trade (true), or the jar exits, or the duration is long past. */
    private boolean awaitSent(SoakRun run, ProductProcess product) throws InterruptedException {
        long deadline = System.nanoTime() + options.duration().plusMinutes(10).toNanos();
        while (!run.burst().awaitCompletion(Duration.ofSeconds(5))) {
            if (!product.isAlive() || System.nanoTime() > deadline) {
                print("the exchange did not send every trade: " + (product.isAlive() ? "timeout" : "the jar exited")
                        + "; its log ends:\n" + product.logTail(30));
                return false;
            }
        }
        print(String.format(Locale.ROOT, "every trade sent after %s", run.elapsed().truncatedTo(ChronoUnit.SECONDS)));
        return true;
    }

    /** Until the file output and the HTTP sink hold every trade (true), or the drain time is up. */
    private boolean awaitSinks(SoakRun run, ProductProcess product, HttpSinkServer http)
            throws InterruptedException {
        long total = run.burst().plan().totalTrades();
        long deadline = System.nanoTime() + options.drain().toNanos();
        while (run.fileTrades() < total || http.counts().unique() < total) {
            if (!product.isAlive() || System.nanoTime() > deadline) {
                print("the sinks do not hold every trade: files " + run.fileTrades() + ", HTTP "
                        + http.counts().unique() + " of " + total);
                return false;
            }
            // polling the sinks' progress, as an operator would; nothing to wait on in another process
            Thread.sleep(1000);
        }
        print("both sinks hold every trade after " + run.elapsed().truncatedTo(ChronoUnit.SECONDS));
        return true;
    }

    private void results(SoakRun run, SampleTable table, HttpSinkServer http, ProductProcess product, Ending ending)
            throws IOException {
        section("Faults played", run.events().stream().map(event -> "    " + event).toList());
        List<String> minutes = new ArrayList<>(table.markdown());
        section("Per-minute samples (heap after a full GC; the last row is taken just before SIGTERM)", minutes);
        SampleTable.Verdict verdict = table.verdict();
        section("Flat? (median of the first quarter of the samples against the last quarter)", verdict.rows());
        check(verdict.flat(), "every resource flat over the run");
        checks(run, http, product, ending);
        print("Load average at the end: " + Machine.loadAverage());
        print(failed ? "VERDICT: FAILED (see the checks above)" : "VERDICT: PASSED");
    }

    private void checks(SoakRun run, HttpSinkServer http, ProductProcess product, Ending ending) throws IOException {
        BurstLog burst = run.burst();
        long total = burst.plan().totalTrades();
        print("");
        print("## Checks");
        print("");
        check(ending.sent(), "the exchange sent all " + String.format(Locale.ROOT, "%,d", total) + " trades");
        check(ending.aliveAtEnd(), "the jar ran to the end (no crash)");
        check(ending.drained(), "both sinks held every trade within " + options.drain() + " of the last send");
        check(ending.exitCode() == 143 || ending.exitCode() == 0, "SIGTERM: exit code " + ending.exitCode()
                + " after " + ending.stopTime().toMillis() + " ms (143 expected)");
        SinkCheck files = SinkCheck.verify(new BurstFiles(product.fileDir(), burst), burst);
        check(files.passed(), String.format(Locale.ROOT, "sbe-file output: %,d trades decoded, %,d errors, %,d of them"
                + " backfilled (source BACKFILL): every trade id exactly once, in order, exact", files.trades(),
                files.errors(), files.backfilled()));
        files.firstErrors().forEach(error -> print("    " + error));
        httpCheck(http.counts(), total);
        deadLetterCheck(run.deadLetters(), run.burst(), run);
        long[] spool = ProcessProbe.filesAndBytes(product.fileDir().resolve("spool"));
        boolean rejected = Files.exists(product.fileDir().resolve("spool"))
                && hasRejected(product.fileDir().resolve("spool"));
        check(!rejected, "spool after the stop: " + spool[0] + " files, " + spool[1] + " bytes (segments are deleted"
                + " once delivered), no rejected.spool");
    }

    private void httpCheck(HttpSinkServer.Counts http, long total) {
        check(http.unique() == total && http.errors() == 0 && http.outOfOrder() == 0, String.format(Locale.ROOT,
                "HTTP sink: %,d distinct trades of %,d (%,d deliveries accepted, %,d duplicates — at-least-once is"
                        + " promised —, %,d out of order, %,d refused during outages, %,d not a burst trade)",
                http.unique(), total, http.accepted(), http.duplicates(), http.outOfOrder(), http.refused(),
                http.errors()));
        http.firstErrors().forEach(error -> print("    " + error));
    }

    private void deadLetterCheck(List<String> lines, BurstLog burst, SoakRun run) {
        String malformed = "\"frame\":\"" + FaultPlan.DEFAULT_MALFORMED_FRAME.replace("\"", "\\\"");
        long others = lines.stream().filter(line -> !line.contains(malformed)).count();
        long injected = run.malformedSent();
        check(others == 0 && lines.size() <= injected && !lines.isEmpty(), String.format(Locale.ROOT,
                "dead letters: %,d lines, each one of the %,d malformed frames the exchange sent (the rest were in"
                        + " flight on dropped connections); %,d other", lines.size(), injected, others));
    }

    private static boolean hasRejected(Path spool) throws IOException {
        try (Stream<Path> paths = Files.walk(spool)) {
            return paths.anyMatch(path -> path.getFileName().toString().equals("rejected.spool"));
        }
    }

    private void header(BurstPlan plan) throws IOException {
        print("# Soak: the shaded jar against the fake exchange, " + options.duration());
        print("");
        print("Started " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "; arguments: "
                + (options.args().isEmpty() ? "(defaults)" : String.join(" ", options.args())));
        print("Machine: " + Machine.describe());
        print(String.format(Locale.ROOT, "Load: %s (%,d trades); rotation every %s; %d"
                        + " connections dropped after %d frames every %s; a malformed frame after every %d frames;"
                        + " %d HTTP sink outages of %s; %s", plan, plan.totalTrades(), options.rotation(),
                options.streams(), options.resetAfterFrames(), options.resetEvery(), options.malformedEvery(),
                options.outages(), options.effectiveOutageLength(), options.marketTradesOn()
                        ? "the market trades on while a stream is disconnected (gaps backfilled over REST)"
                        : "trades wait for a dropped stream's next connection (no gaps)"));
    }

    private void check(boolean ok, String what) {
        failed |= !ok;
        print((ok ? "- ok: " : "- FAILED: ") + what);
    }

    private void section(String title, List<String> lines) {
        print("");
        print("## " + title);
        print("");
        lines.forEach(this::print);
    }

    private void print(String line) {
        System.out.println(line);
        report.add(line);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
