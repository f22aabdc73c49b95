package io.binancedata.bench.e2e;

import io.binancedata.fake.BurstLog;
import io.binancedata.fake.BurstPlan;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of the shaded jar against a burst: a fresh fake exchange in this JVM, the jar in its own process writing to
 * the default file sink in {@code workDir}; the files are tailed from the release until every trade is written (or
 * nothing is written for a minute), then the jar is stopped (SIGTERM) and every message decoded and checked. A burst
 * with a warm-up ({@link BurstPlan#withWarmup}) warms this same process first: the files are tailed until every
 * warm-up trade is written, the jar is given time to go idle (its JIT compiler threads finish what the warm-up
 * queued, instead of compiling during the measured phase), and only then is the measured burst released.
 */
final class JarRun {
    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STALL = Duration.ofMinutes(1);
    /** The jar counts as idle after its warm-up when it used at most this much CPU in one {@link #IDLE_WINDOW}. */
    private static final Duration IDLE_CPU = Duration.ofMillis(20);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(1);
    /** How long to wait for the jar to go idle after its warm-up before releasing the measured burst anyway. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param burst           the exchange's record of the burst (release, send times)
     * @param tail            the file tail (write times as observed)
     * @param check           the decoded files, checked
     * @param complete        whether every trade was written before the tail gave up
     * @param exitCode        the jar's exit code after SIGTERM
     * @param deadLetterLines lines in the dead-letter files
     * @param reconnects      connections the exchange accepted beyond the shared ones the streams need
     * @param restCalls       REST requests the jar made (exchangeInfo, and backfills after a reconnect)
     * @param jarCpu          CPU time the jar used from the release to the last write seen
     * @param cpuUse          who used the machine's cores meanwhile
     * @param batches         exchanges the jar's routes carried the measured trades in (its stream table, read before
     *                        the measured release and after the last write), -1 if unread
     * @param tableMessages   the messages the stream table counted meanwhile (should be the measured trades)
     * @param warmupMicros    every stream subscribed → the last warm-up trade written, µs; -1 without a warm-up
     * @param idleMillis      the last warm-up trade written → the jar idle (at most {@link #IDLE_CPU} of CPU in
     *                        {@link #IDLE_WINDOW}), ms; -1 when it was not idle within {@link #IDLE_TIMEOUT} (released
     *                        anyway) or had no warm-up
     * @param delivery        the jar's own delivery histogram (receive → every sink took the event) from the given
     *                        time after the release to the last write; null when not asked for or not read
     */
    record Result(BurstLog burst, SinkTail tail, SinkCheck check, boolean complete, int exitCode,
                  long deadLetterLines, long reconnects, long restCalls, Duration jarCpu, String cpuUse, Path log,
                  long batches, long tableMessages, long warmupMicros, long idleMillis, DeliveryHistogram delivery) {

        /** Release to the last write observed, µs. */
        long elapsedMicros() {
            return tail.lastWriteEpochMicros() - burst.releaseEpochMicros();
        }

        boolean passed() {
            return complete && check.passed() && deadLetterLines == 0;
        }
    }

    /** How often the stream table is read during the warm-up. */
    private static final Duration WARMUP_SCRAPE = Duration.ofMillis(250);

    private JarRun() {
    }

    /**
     * @param recordEach   keep each message's observed write time (latency runs)
     * @param pollInterval pause between two polls of the files' sizes
     * @param deliveryFrom read the jar's delivery histogram this long after the release and again after the last
     *                     write (steady bursts); null: not
     */
    static Result run(Path jar, Path workDir, BurstPlan plan, boolean recordEach, Duration pollInterval,
                      Duration deliveryFrom) throws Exception {
        deleteRecursively(workDir);
        try (FakeExchange exchange = FakeExchange.start(exchangeOptions(plan));
             ProductProcess product = ProductProcess.start(jar, workDir, exchange.wsUrl(), exchange.restUrl(),
                     exchange.burst().symbols())) {
            BurstLog burst = exchange.burst();
            awaitSubscribed(burst, product);
            long subscribedMicros = burst.epochMicros();
            BurstFiles files = new BurstFiles(product.fileDir(), burst);
            SinkTail tail = new SinkTail(files, plan.tradesSentPerStream(), burst::epochMicros, recordEach);
            boolean complete = !plan.hasWarmup() || warmUp(burst, tail, pollInterval, product);
            long warmupMicros = plan.hasWarmup() ? tail.lastWriteEpochMicros() - subscribedMicros : -1;
            long idleMillis = complete && plan.hasWarmup() ? awaitIdle(product) : -1;
            long[] batchesBefore = plan.hasWarmup() ? product.messagesAndBatches() : new long[2];
            if (complete && plan.hasWarmup()) {
                burst.releaseMeasured();
            }
            CpuUse cpu = CpuUse.sample(product.handle());
            CompletableFuture<DeliveryHistogram> deliveryBefore = deliveryFrom == null ? null
                    : deliveryAt(product, burst, deliveryFrom);
            complete = complete && tail.follow(plan.totalTradesSent(), pollInterval, STALL, product::isAlive);
            Duration jarCpu = CpuUse.jarCpu(cpu);
            String cpuUse = CpuUse.since(cpu);
            long[] batches = product.messagesAndBatches();
            DeliveryHistogram delivery = deliveryBefore == null ? null : delivery(deliveryBefore, product);
            int exitCode = product.stop(Duration.ofSeconds(40));
            if (!complete) {
                System.out.println("  the jar wrote " + tail.messagesSeen() + " of " + plan.totalTradesSent()
                        + " trades; its log ends:\n" + product.logTail(30));
            }
            SinkCheck check = SinkCheck.verify(files, burst);
            return new Result(burst, tail, check, complete, exitCode,
                    deadLetterLines(product.fileDir().resolve("dead-letter")),
                    exchange.stats().connectionsAccepted() - ProductProcess.connections(plan.streams()),
                    exchange.stats().restRequests(),
                    jarCpu, cpuUse, product.log(),
                    batches == null || batchesBefore == null ? -1 : batches[1] - batchesBefore[1],
                    batches == null || batchesBefore == null ? -1 : batches[0] - batchesBefore[0], warmupMicros,
                    idleMillis, delivery);
        }
    }

    /** The jar's delivery histogram {@code after} the release (read on a thread of its own, at that time). */
    private static CompletableFuture<DeliveryHistogram> deliveryAt(ProductProcess product, BurstLog burst,
                                                                   Duration after) {
        long delayMicros = burst.releaseEpochMicros() + after.toNanos() / 1000 - burst.epochMicros();
        return CompletableFuture.supplyAsync(product::delivery, CompletableFuture.delayedExecutor(
                Math.max(0, delayMicros), TimeUnit.MICROSECONDS));
    }

    /** What the jar's delivery histogram recorded since {@code before}; null when either read failed. */
    private static DeliveryHistogram delivery(CompletableFuture<DeliveryHistogram> before, ProductProcess product)
            throws Exception {
        DeliveryHistogram earlier = before.get(30, TimeUnit.SECONDS);
        DeliveryHistogram now = product.delivery();
        return earlier == null || now == null ? null : now.since(earlier);
    }

    /**
     * The burst, with a pong deadline of 10 minutes instead of Binance's minute: the exchange's pings queue behind
     * megabytes of trades in the socket buffers, and a client reading slower than the burst would otherwise answer
     * too late and be disconnected (measuring reconnects and REST backfills rather than streaming).
     */
    static FakeExchangeOptions exchangeOptions(BurstPlan plan) {
        return FakeExchangeOptions.defaults().burst(plan).pongDeadline(Duration.ofMinutes(10));
    }

    /**
     * Tails the files until the jar has written every warm-up trade (false if it stalls or exits first); the exchange
     * sent them all before, so its measured burst may then be released.
     */
    private static boolean warmUp(BurstLog burst, SinkTail tail, Duration pollInterval, ProductProcess product)
            throws InterruptedException {
        long warmupTrades = (long) burst.plan().streams() * burst.plan().warmupTrades();
        // The harness reads the stream table (GET /streams) before and after the measured burst, as a monitoring
        // system scrapes a running service. Doing so during the warm-up too lets the JIT compile the code the control
        // server and the sockets share (Netty, Vert.x) for both: a first call only after the warm-up deoptimised that
        // code (126 uncommon traps, class_check mostly, LogCompilation) and the burst ran partly un-compiled.
        ScheduledExecutorService scrapes = Executors.newSingleThreadScheduledExecutor();
        scrapes.scheduleWithFixedDelay(product::messagesAndBatches, 0, WARMUP_SCRAPE.toMillis(), TimeUnit.MILLISECONDS);
        boolean written;
        try {
            written = tail.follow(warmupTrades, pollInterval, STALL, product::isAlive);
        } finally {
            scrapes.shutdownNow();
            scrapes.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (!written) {
            System.out.println("  the jar wrote " + tail.messagesSeen() + " of " + warmupTrades + " warm-up trades");
            return false;
        }
        // a trade can reach the file before the exchange's thread has recorded it as sent
        if (!burst.awaitWarmup(Duration.ofSeconds(10))) {
            throw new IllegalStateException("every warm-up trade was written, yet the exchange has not recorded them"
                    + " all as sent");
        }
        return true;
    }

    /**
     * Waits until the jar used at most {@link #IDLE_CPU} of CPU in one {@link #IDLE_WINDOW} (its compiler threads done
     * with what the warm-up queued; timers and the idle sockets cost less); returns how long that took, ms, or -1 after
     * {@link #IDLE_TIMEOUT}.
     */
    private static long awaitIdle(ProductProcess product) throws InterruptedException {
        long start = System.nanoTime();
        long cpu = cpuNanos(product);
        while (System.nanoTime() - start < IDLE_TIMEOUT.toNanos()) {
            Thread.sleep(IDLE_WINDOW.toMillis()); // a measuring interval, not synchronisation
            long now = cpuNanos(product);
            if (now - cpu <= IDLE_CPU.toNanos()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            cpu = now;
        }
        return -1;
    }

    private static long cpuNanos(ProductProcess product) {
        return product.handle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static void awaitSubscribed(BurstLog burst, ProductProcess product) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
        while (!burst.awaitSubscribed(Duration.ofMillis(200))) {
            if (!product.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the jar did not subscribe to every stream ("
                        + (product.isAlive() ? "timeout" : "it exited") + "); its log ends:\n" + product.logTail(30));
            }
        }
    }

    private static long deadLetterLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                try (Stream<String> content = Files.lines(file)) {
                    lines += content.count();
                }
            }
        }
        return lines;
    }

    static void deleteRecursively(Path dir) {
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
