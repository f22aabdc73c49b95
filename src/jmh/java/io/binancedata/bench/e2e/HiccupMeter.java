package io.binancedata.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's own hiccups, with nothing of ours running: one JVM per core ({@code taskset}), each spinning on
 * {@link System#nanoTime()} for the same seconds, counting the gaps between two readings — the time its core was
 * taken from it (the kernel's interrupts and other threads; on a virtual machine, the host). A reader of frames loses
 * the same moments, so the gaps say how late, at best, a frame can be read here: a gap of 1 ms every 0.1 s on a core
 * delays the frames arriving meanwhile, about 1 % of them at 20,000 trades/s spread over the run.
 */
final class HiccupMeter {
    /** The gap sizes counted, ns. */
    private static final long[] LIMITS = {100_000, 500_000, 1_000_000, 2_000_000, 5_000_000};

    private HiccupMeter() {
    }

    /** Child entry point: {@code seconds}; prints one line: counts per limit, ns lost in gaps over 20 µs, max gap. */
    public static void main(String[] args) {
        long duration = Long.parseLong(args[0]) * 1_000_000_000L;
        long[] counts = new long[LIMITS.length];
        long lost = 0;
        long max = 0;
        long start = System.nanoTime();
        long last = start;
        long now;
        while ((now = System.nanoTime()) - start < duration) {
            long gap = now - last;
            last = now;
            if (gap > 20_000) {
                lost += gap;
                for (int i = 0; i < LIMITS.length && gap > LIMITS[i]; i++) {
                    counts[i]++;
                }
                max = Math.max(max, gap);
            }
        }
        StringBuilder line = new StringBuilder();
        for (long count : counts) {
            line.append(count).append(' ');
        }
        System.out.println(line.append(lost).append(' ').append(max).append(' ').append(now - start));
    }

    /** Runs a meter on each of {@code cpus} at once for {@code seconds}; one Markdown table row per core. */
    static List<String> measure(int cpus, int seconds) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            processes.add(new ProcessBuilder("taskset", "-c", Integer.toString(cpu),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), HiccupMeter.class.getName(), Integer.toString(seconds))
                    .redirectErrorStream(true).start());
        }
        List<String> rows = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            Process process = processes.get(cpu);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0 || !output.matches("[\\d ]+")) {
                throw new UncheckedIOException(new IOException("hiccup meter on CPU " + cpu + " failed: " + output));
            }
            String[] fields = output.split(" ");
            double elapsed = Long.parseLong(fields[LIMITS.length + 2]) / 1e9;
            StringBuilder row = new StringBuilder("| CPU " + cpu + " |");
            for (int i = 0; i < LIMITS.length; i++) {
                row.append(String.format(Locale.ROOT, " %.1f |", Long.parseLong(fields[i]) / elapsed));
            }
            rows.add(row.append(String.format(Locale.ROOT, " %.2f %% | %.2f ms |",
                    100.0 * Long.parseLong(fields[LIMITS.length]) / 1e9 / elapsed,
                    Long.parseLong(fields[LIMITS.length + 1]) / 1e6)).toString());
        }
        return rows;
    }
}
