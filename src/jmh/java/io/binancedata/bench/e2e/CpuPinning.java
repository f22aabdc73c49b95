package io.binancedata.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the load generator off the cores of the client under test ({@code --cpus HARNESS/CLIENT}, Linux
 * {@code taskset} lists such as {@code 0/1}): the harness's JVM — the fake exchange and the file tail — runs on the
 * first list, every child it starts (the jar, a bare client) on the second. On Binance the exchange is another
 * machine; here, unpinned, its event loops and the tail take the jar's cores at the moments that make the tail of the
 * latency. A JVM pinned to one core chooses its defaults for one core (the serial collector, one drain thread).
 */
final class CpuPinning {
    private static volatile String clientCpus;

    private CpuPinning() {
    }

    /** Pins every thread of this JVM to {@code harnessCpus} and makes children start on {@code childCpus}. */
    static void pin(String harnessCpus, String childCpus) {
        run(List.of("taskset", "-a", "-p", "-c", harnessCpus, Long.toString(ProcessHandle.current().pid())));
        clientCpus = childCpus;
    }

    /** The command prefix that starts a child on the client's cores; empty when not pinned. */
    static List<String> childPrefix() {
        String cpus = clientCpus;
        return cpus == null ? List.of() : List.of("taskset", "-c", cpus);
    }

    /** {@code HARNESS/CLIENT} as given, or "not pinned". */
    static String describe(String harnessCpus) {
        return clientCpus == null ? "not pinned (every process on every core)"
                : "the harness's JVM (exchange, file tail) on CPU " + harnessCpus + ", the client under test on CPU "
                + clientCpus + " (taskset)";
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run taskset (util-linux) to pin the harness", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning", e);
        }
    }
}
