package io.binancedata.bench.soak;

import io.binancedata.bench.e2e.ProductProcess;
import io.binancedata.fake.BurstLog;
import io.binancedata.fake.BurstPlan;
import io.binancedata.fake.FakeExchange;
import io.binancedata.sbe.TradeDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The running soak: the fake exchange, the HTTP sink and the jar, the faults played on them on a schedule (a reset
 * of the next connections every few minutes, HTTP sink outages; malformed frames are set up once, for every
 * connection) and the per-minute samples. Faults and samples run on their own threads; the caller waits.
 */
final class SoakRun implements AutoCloseable {
    /** Framing header + SBE header + Trade block + symbol length + a burst symbol ("S0001USDT"). */
    private static final int MESSAGE_LENGTH = 6 + 8 + TradeDecoder.BLOCK_LENGTH + 2 + BurstPlan.symbol(0).length();

    private final SoakOptions options;
    private final FakeExchange exchange;
    private final HttpSinkServer http;
    private final ProductProcess product;
    private final ProcessProbe probe;
    private final SampleTable table;
    private final List<String> events = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "soak-schedule");
        thread.setDaemon(true);
        return thread;
    });
    private long releaseNanos;

    SoakRun(SoakOptions options, FakeExchange exchange, HttpSinkServer http, ProductProcess product,
            SampleTable table) {
        this.options = options;
        this.exchange = exchange;
        this.http = http;
        this.product = product;
        this.probe = new ProcessProbe(product.handle().pid());
        this.table = table;
    }

    BurstLog burst() {
        return exchange.burst();
    }

    /** From the release on: samples every {@code sampleEvery} (the first at once), resets, outages. */
    void schedule() {
        releaseNanos = System.nanoTime();
        long sampleMs = options.sampleEvery().toMillis();
        scheduler.scheduleAtFixedRate(this::sampleQuietly, 0, sampleMs, TimeUnit.MILLISECONDS);
        long resetMs = options.resetEvery().toMillis();
        scheduler.scheduleAtFixedRate(this::reset, resetMs, resetMs, TimeUnit.MILLISECONDS);
        Duration length = options.effectiveOutageLength();
        for (int k = 0; k < options.outages(); k++) {
            long start = options.outageStart(k).toMillis();
            scheduler.schedule(() -> outage(true), start, TimeUnit.MILLISECONDS);
            scheduler.schedule(() -> outage(false), start + length.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the resets and samples (an outage still on is ended). */
    void stopSchedule() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(2, TimeUnit.MINUTES);
        if (http.isDown()) {
            outage(false);
        }
    }

    private void reset() {
        if (!burst().isComplete()) {
            exchange.faults().resetAfterFrames(options.resetAfterFrames(), options.streams());
            event("the next " + options.streams() + " connections will be dropped after "
                    + options.resetAfterFrames() + " frames");
        }
    }

    private void outage(boolean down) {
        http.down(down);
        event(down ? "HTTP sink DOWN (503 to every delivery)" : "HTTP sink up again");
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (IOException | RuntimeException e) {
            event("sample failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes one sample now and adds it to the table. */
    void sample() throws IOException, InterruptedException {
        if (!product.isAlive()) {
            return;
        }
        long[] heap = probe.heapAfterGc();
        long[] spool = ProcessProbe.filesAndBytes(product.fileDir().resolve("spool"));
        long cpu = product.handle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        HttpSinkServer.Counts counts = http.counts();
        table.add(new Sample(elapsed().toSeconds(), heap[0], heap[1], probe.status("Threads"),
                probe.openFileDescriptors(), probe.status("VmRSS"), cpu, spool[0], spool[1], fileTrades(),
                counts.unique(), counts.refused(), deadLetterLines(), exchange.stats().connectionsAccepted(),
                exchange.stats().connectionsReset(), exchange.stats().malformedInjected(), http.isDown()));
    }

    /** Trades in the file sink's output so far (every message has the same length). */
    long fileTrades() {
        return ProcessProbe.filesAndBytes(product.fileDir().resolve("trade"))[1] / MESSAGE_LENGTH;
    }

    long deadLetterLines() throws IOException {
        return deadLetters().size();
    }

    /** Every line of the dead-letter files. */
    List<String> deadLetters() throws IOException {
        Path dir = product.fileDir().resolve("dead-letter");
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    lines.addAll(Files.readAllLines(file));
                }
            }
        }
        return lines;
    }

    /** Malformed frames the exchange has sent so far. */
    long malformedSent() {
        return exchange.stats().malformedInjected();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - releaseNanos);
    }

    private synchronized void event(String text) {
        long seconds = elapsed().toSeconds();
        events.add(String.format(Locale.ROOT, "%3d:%02d %s", seconds / 60, seconds % 60, text));
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
