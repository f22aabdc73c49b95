package io.binancedata.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The soak's samples: appended to a CSV file as they are taken (so a run cut short keeps them), shown as a Markdown
 * table, and judged flat or growing. A resource is flat when the median of the last quarter of the samples is at most
 * the median of the first quarter plus 10 % plus a small fixed slack (a few MiB of heap, a few threads or
 * descriptors), so noise and one-off start-up costs do not count as growth but a leak over the run does.
 */
final class SampleTable {
    private final Path csv;
    private final List<Sample> samples = new ArrayList<>();

    SampleTable(Path csv) throws IOException {
        this.csv = csv;
        Files.writeString(csv, Sample.CSV_HEADER + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    synchronized void add(Sample sample) throws IOException {
        samples.add(sample);
        Files.writeString(csv, sample.csv() + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The per-minute table in Markdown. */
    synchronized List<String> markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("| min | heap after GC MiB | metaspace MiB | threads | fds | RSS MiB | CPU s | spool files | "
                + "spool KiB | trades in files | HTTP trades | HTTP refused | dead letters | connections | resets | "
                + "sink |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Sample s : samples) {
            lines.add(String.format(Locale.ROOT,
                    "| %.1f | %.1f | %.1f | %d | %d | %.0f | %.0f | %d | %d | %,d | %,d | %,d | %,d | %d | %d | %s |",
                    s.second() / 60.0, s.heapAfterGcKb() / 1024.0, s.metaspaceKb() / 1024.0, s.threads(), s.fds(),
                    s.rssKb() / 1024.0, s.cpuMillis() / 1000.0, s.spoolFiles(), s.spoolBytes() / 1024, s.fileTrades(),
                    s.httpUnique(), s.httpRefused(), s.deadLetters(), s.connections(), s.resets(),
                    s.sinkDown() ? "DOWN" : "up"));
        }
        return lines;
    }

    /** One verdict per resource, in Markdown rows; {@link Verdict#flat()} false when any grows. */
    synchronized Verdict verdict() {
        List<String> rows = new ArrayList<>();
        rows.add("| resource | first quarter (median) | last quarter (median) | allowed | verdict |");
        rows.add("|---|---|---|---|---|");
        boolean flat = true;
        flat &= judge(rows, "heap after GC, KiB", Sample::heapAfterGcKb, 4096);
        flat &= judge(rows, "metaspace, KiB", Sample::metaspaceKb, 2048);
        flat &= judge(rows, "live threads", Sample::threads, 3);
        flat &= judge(rows, "open file descriptors", Sample::fds, 5);
        flat &= judge(rows, "spool bytes", Sample::spoolBytes, 65_536);
        flat &= judge(rows, "RSS, KiB", Sample::rssKb, 32_768);
        return new Verdict(flat && samples.size() >= 4, rows);
    }

    private boolean judge(List<String> rows, String name, ToLongFunction<Sample> metric, long slack) {
        int quarter = Math.max(1, samples.size() / 4);
        long first = median(samples.subList(0, quarter), metric);
        long last = median(samples.subList(samples.size() - quarter, samples.size()), metric);
        long allowed = first + first / 10 + slack;
        boolean flat = last <= allowed;
        rows.add(String.format(Locale.ROOT, "| %s | %,d | %,d | ≤ %,d | %s |", name, first, last, allowed,
                flat ? "flat" : "GROWS"));
        return flat;
    }

    private static long median(List<Sample> part, ToLongFunction<Sample> metric) {
        long[] values = part.stream().mapToLong(metric).toArray();
        Arrays.sort(values);
        return values.length == 0 ? 0 : values[values.length / 2];
    }

    /** Whether every resource is flat, and the Markdown rows saying so. */
    record Verdict(boolean flat, List<String> rows) {
    }
}
