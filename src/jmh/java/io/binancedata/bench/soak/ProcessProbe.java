package io.binancedata.bench.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a running JVM's resources from outside, as an operator would: {@code jcmd} for the heap after a full GC and
 * the metaspace, {@code /proc/<pid>} (Linux) for threads, file descriptors and resident memory.
 */
final class ProcessProbe {
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    /** A heap region line of GC.heap_info, any collector: "garbage-first heap total 65536K, used 12345K". */
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private final long pid;
    private final String jcmd;

    ProcessProbe(long pid) {
        this.pid = pid;
        Path jdkJcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(jdkJcmd) ? jdkJcmd.toString() : "jcmd";
    }

    /** Runs a full GC in the process, then returns {heap used, metaspace used} in KiB (-1 when not reported). */
    long[] heapAfterGc() throws IOException, InterruptedException {
        run("GC.run");
        long heap = -1;
        long metaspace = -1;
        for (String line : run("GC.heap_info")) {
            Matcher region = HEAP_USED.matcher(line);
            if (region.find() && !line.contains("class space")) {
                heap = Math.max(0, heap) + Long.parseLong(region.group(2));
            }
            Matcher meta = METASPACE_USED.matcher(line);
            if (meta.find()) {
                metaspace = Long.parseLong(meta.group(1));
            }
        }
        return new long[] {heap, metaspace};
    }

    /** A field of {@code /proc/<pid>/status} as a number (kB for memory fields), -1 when absent. */
    long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.count();
        }
    }

    private List<String> run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish in " + JCMD_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " exited with " + process.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8).strip());
        }
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }

    /** Files and bytes under {@code dir} (0, 0 when it does not exist). */
    static long[] filesAndBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new long[] {0, 0};
        }
        long[] total = new long[2];
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile).forEach(file -> {
                total[0]++;
                total[1] += sizeOf(file);
            });
        } catch (IOException | UncheckedIOException e) {
            // a spool segment deleted while walking: the next sample counts again
            return new long[] {total[0], total[1]};
        }
        return total;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
