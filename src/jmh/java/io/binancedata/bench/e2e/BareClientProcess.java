package io.binancedata.bench.e2e;

import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bare client ({@link BareClients}) in a JVM of its own, so that the CPU it uses is its own: in the harness's JVM it
 * would share threads' and GC's CPU with the fake exchange. The JVM runs with default options, as the jar does, and
 * stays up for all the runs of one burst (its warm-up run JIT-compiles the client for the measured ones). The harness
 * writes one {@link BareTarget} line per run to its stdin; it reads the streams and answers one line: what it read and
 * the CPU time, heap allocation and GC of its process during the run.
 */
final class BareClientProcess implements AutoCloseable {
    /** Marks the answer lines on the child's stdout (libraries may log there too). */
    private static final String ANSWER = "@@bare ";
    private static final String TIMEOUT = "@@timeout ";

    /**
     * One run as the child measured it.
     *
     * @param cpuNanos       CPU time of the whole child process (every thread, GC and JIT included) from receiving
     *                       the target to the last frame read
     * @param allocatedBytes heap bytes allocated meanwhile by the threads alive at the end
     * @param gcCount        garbage collections meanwhile
     * @param gcMillis       their accumulated time
     */
    record Run(BareResult result, long cpuNanos, long allocatedBytes, long gcCount, long gcMillis) {
    }

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter requests;

    private BareClientProcess(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts a JVM running {@code client}, its stderr to {@code log}; extra JVM options from {@code E2E_BARE_OPTS}. */
    static BareClientProcess start(BareClients client, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"); // Agrona's clock, as for the harness
        String extra = System.getenv("E2E_BARE_OPTS"); // e.g. a flight recording: -XX:StartFlightRecording=...
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareClientProcess.class.getName(),
                client.name()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new BareClientProcess(new ProcessBuilder(command).redirectError(log.toFile()).start());
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Reads {@code target}'s streams in the child. */
    Run run(BareTarget target) throws IOException, TimeoutException {
        requests.println(target.toLine());
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(ANSWER)) {
                String[] parts = line.substring(ANSWER.length()).split(" ");
                return new Run(BareResult.parse(parts[0] + " " + parts[1] + " " + parts[2]), Long.parseLong(parts[3]),
                        Long.parseLong(parts[4]), Long.parseLong(parts[5]), Long.parseLong(parts[6]));
            }
            if (line.startsWith(TIMEOUT)) {
                throw new TimeoutException(line.substring(TIMEOUT.length()).replace(" | ", System.lineSeparator()));
            }
        }
        throw new IOException("the bare client process ended" + (process.isAlive() ? "" : " (exit "
                + process.exitValue() + ")"));
    }

    @Override
    public void close() throws InterruptedException {
        requests.close(); // end of input: the child exits
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** The child: {@code BareClientProcess JDK|VERTX}, then one {@link BareTarget} line per run on stdin. */
    public static void main(String[] args) throws Exception {
        BareClients client = BareClients.valueOf(args[0]);
        PrintStream out = System.out;
        SystemEpochNanoClock clock = new SystemEpochNanoClock();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            BareTarget target = BareTarget.parse(line);
            long cpu = processCpuNanos();
            Map<Long, Long> allocated = allocatedBytes();
            long[] gc = gc();
            try {
                BareResult result = client.read(target, () -> clock.nanoTime() / 1000, Duration.ofMinutes(2));
                long cpuNanos = processCpuNanos() - cpu;
                long allocatedNow = allocatedSince(allocated);
                long[] gcNow = gc();
                out.println(ANSWER + result.toLine() + " " + cpuNanos + " " + allocatedNow + " "
                        + (gcNow[0] - gc[0]) + " " + (gcNow[1] - gc[1]));
            } catch (TimeoutException e) {
                out.println(TIMEOUT + e.getMessage().replace(System.lineSeparator(), " | "));
            }
            out.flush();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Heap bytes each live thread has allocated so far, by thread id. */
    private static Map<Long, Long> allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    /** Bytes allocated since {@code before} by the threads alive now (a thread started since counts from zero). */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocatedBytes().entrySet()) {
            sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return sum;
    }

    /** {collections, milliseconds} summed over the collectors. */
    private static long[] gc() {
        long[] sum = new long[2];
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum[0] += Math.max(0, collector.getCollectionCount());
            sum[1] += Math.max(0, collector.getCollectionTime());
        }
        return sum;
    }
}
