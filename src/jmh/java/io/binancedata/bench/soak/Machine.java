package io.binancedata.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One line about the machine a soak runs on (Linux: {@code /proc}), for its report. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s memory, %s %s, Java %s (%s), load average %s",
                Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name"),
                procField("/proc/meminfo", "MemTotal"), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), loadAverage());
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String procField(String file, String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
