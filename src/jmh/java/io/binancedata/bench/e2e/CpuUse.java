package io.binancedata.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Who used the CPUs between two samples: the jar's process, this JVM (the fake exchange, the bare client, the file
 * tail) and, from {@code /proc/stat}, the whole machine, the rest being other processes (the machine is shared). On a
 * busy machine the trades per CPU-second of the jar move less than its trades per second.
 */
final class CpuUse {
    private final ProcessHandle jar;
    private final String label;
    private final long wallNanos;
    private final long jarNanos;
    private final long selfNanos;
    private final long[] machineTicks;

    private CpuUse(ProcessHandle jar, String label) {
        this.jar = jar;
        this.label = label;
        this.wallNanos = System.nanoTime();
        this.jarNanos = cpu(jar);
        this.selfNanos = cpu(ProcessHandle.current());
        this.machineTicks = machineTicks();
    }

    /** A sample now; {@code jar} may be null (no jar running). */
    static CpuUse sample(ProcessHandle jar) {
        return new CpuUse(jar, "the jar");
    }

    /** A sample now, of another process of ours than the jar (e.g. a bare client in its own JVM). */
    static CpuUse sample(ProcessHandle process, String label) {
        return new CpuUse(process, label);
    }

    /** The use from {@code start} to now, as a sentence. */
    static String since(CpuUse start) {
        CpuUse end = new CpuUse(start.jar, start.label);
        double wall = end.wallNanos - start.wallNanos;
        int cores = Runtime.getRuntime().availableProcessors();
        double total = end.machineTicks[2] - start.machineTicks[2];
        double machine = total <= 0 ? Double.NaN : cores * (end.machineTicks[0] - start.machineTicks[0]) / total;
        double stolen = total <= 0 ? Double.NaN : cores * (end.machineTicks[1] - start.machineTicks[1]) / total;
        double self = (end.selfNanos - start.selfNanos) / wall;
        String jarPart = "";
        double jar = 0;
        if (start.jar != null) {
            jar = (end.jarNanos - start.jarNanos) / wall;
            jarPart = String.format(Locale.ROOT, "%s %.2f, ", start.label, jar);
        }
        return String.format(Locale.ROOT, "cores busy: %sthe harness JVM (exchange%s) %.2f, other processes %.2f,"
                        + " stolen by the hypervisor %.2f, of %d", jarPart,
                start.jar == null ? ", bare client" : "the jar".equals(start.label) ? ", file tail" : "", self, Math.max(0, machine - jar - self), stolen,
                cores);
    }

    /** CPU time the jar used from {@code start} to now. */
    static Duration jarCpu(CpuUse start) {
        return Duration.ofNanos(cpu(start.jar) - start.jarNanos);
    }

    private static long cpu(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * {busy, stolen, total} jiffies of all CPUs from the first line of /proc/stat (user nice system idle iowait irq
     * softirq steal; guest time is already in user); zeros where there is none.
     */
    private static long[] machineTicks() {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return new long[3];
        }
        try {
            String[] fields = Files.readAllLines(stat).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
            return new long[]{total - idle - steal, steal, total};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }
}
