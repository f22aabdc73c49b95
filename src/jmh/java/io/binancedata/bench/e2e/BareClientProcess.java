package io.binancedata.bench.e2e;

import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bare client ({@link BareClients}) in a JVM of its own, so that the CPU it uses is its own: in the harness's JVM it
 * would share threads' and GC's CPU with the fake exchange. The JVM runs with default options, as the jar does, and
 * stays up for all the runs of one burst (its warm-up run JIT-compiles the client for the measured ones). The harness
 * writes one {@link BareTarget} line per run to its stdin; it reads the streams and answers one line: what it read and
 * the CPU time (of the process, and of each of its Java threads), heap allocation and GC of its process during the
 * run.
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
     * @param threadCpu      CPU nanoseconds of the child's Java threads meanwhile, by thread name with digits as
     *                       {@code #}, busiest first (the rest of {@code cpuNanos} is the JVM's: GC, JIT)
     */
    record Run(BareResult result, long cpuNanos, long allocatedBytes, long gcCount, long gcMillis,
               Map<String, Long> threadCpu) {

        /** The Java threads' CPU per frame, busiest first: {@code name µs, …}, then the JVM's own threads. */
        String threadsPerFrame(long frames) {
            StringBuilder text = new StringBuilder();
            long javaThreads = 0;
            for (Map.Entry<String, Long> thread : threadCpu.entrySet()) {
                javaThreads += thread.getValue();
                text.append(String.format(Locale.ROOT, "%s %.3f, ", thread.getKey(), thread.getValue() / 1e3 / frames));
            }
            return text.append(String.format(Locale.ROOT, "JVM (GC, JIT) %.3f", (cpuNanos - javaThreads) / 1e3
                    / frames)).toString();
        }
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
        List<String> command = new ArrayList<>(CpuPinning.childPrefix());
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
                Map<String, Long> threadCpu = new LinkedHashMap<>();
                for (String thread : parts[7].split(";")) {
                    int equals = thread.indexOf('=');
                    if (equals > 0) {
                        threadCpu.put(thread.substring(0, equals), Long.parseLong(thread.substring(equals + 1)));
                    }
                }
                return new Run(BareResult.parse(parts[0] + " " + parts[1] + " " + parts[2]), Long.parseLong(parts[3]),
                        Long.parseLong(parts[4]), Long.parseLong(parts[5]), Long.parseLong(parts[6]), threadCpu);
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
            Sample before = new Sample();
            try {
                BareResult result = client.read(target, () -> clock.nanoTime() / 1000, Duration.ofMinutes(2));
                out.println(ANSWER + result.toLine() + " " + new Sample().since(before));
            } catch (TimeoutException e) {
                out.println(TIMEOUT + e.getMessage().replace(System.lineSeparator(), " | "));
            }
            out.flush();
        }
    }

    /**
     * The child's process CPU time, each live Java thread's CPU time and heap allocation, and the GCs so far. The JVM's
     * own threads (GC, JIT compilers) are not Java threads: the process's CPU less the Java threads' is theirs.
     */
    private static final class Sample {
        private final long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        private final Map<Long, long[]> threads = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();
        private final long gcCount;
        private final long gcMillis;

        Sample() {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info != null) {
                    long id = info.getThreadId();
                    threads.put(id, new long[] {mx.getThreadCpuTime(id), mx.getThreadAllocatedBytes(id)});
                    names.put(id, info.getThreadName());
                }
            }
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, collector.getCollectionCount());
                millis += Math.max(0, collector.getCollectionTime());
            }
            gcCount = count;
            gcMillis = millis;
        }

        /**
         * {@code cpuNanos allocatedBytes gcCount gcMillis threads}: the differences from {@code before}, counted over
         * the threads alive now (one started since counts from zero); threads is the CPU nanoseconds of the Java
         * threads grouped by name with digits as {@code #} ({@code name=nanos;…}, busiest first).
         */
        String since(Sample before) {
            long allocated = 0;
            Map<String, Long> cpuByName = new HashMap<>();
            for (Map.Entry<Long, long[]> now : threads.entrySet()) {
                long[] then = before.threads.getOrDefault(now.getKey(), new long[2]);
                allocated += Math.max(0, now.getValue()[1]) - Math.max(0, then[1]);
                String name = names.get(now.getKey()).replaceAll("\\d+", "#").replaceAll("[\\s=;]", "_");
                cpuByName.merge(name, Math.max(0, now.getValue()[0]) - Math.max(0, then[0]), Long::sum);
            }
            String byName = cpuByName.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ";" + b).orElse("-");
            return (processCpu - before.processCpu) + " " + allocated + " " + (gcCount - before.gcCount) + " "
                    + (gcMillis - before.gcMillis) + " " + byName;
        }
    }
}
