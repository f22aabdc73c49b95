package io.binancedata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later (a jar, a broker): free now, and below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), so that no outgoing connection of this or another process can take
 * one meanwhile. A port of the ephemeral range ({@code new ServerSocket(0)}) was once taken by a client's connection in
 * the seconds before a jar bound it (ComposeClusterIT: {@code BindException}). Never the same port twice in one JVM,
 * and never one another test JVM of the same build may give: Maven's forks ({@code binance.test.fork}, surefire's
 * fork number) each take the ports of their own residue modulo {@value #FORK_STRIDE} (two forks once gave one port to
 * two jars between its check and its bind: ComposeClusterIT, {@code BindException}).
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    static final int FORK_STRIDE = 4;
    private static final int FORK = Integer.getInteger("binance.test.fork", 0) % FORK_STRIDE;
    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    /** A port nothing listens on now, below the ephemeral range, not given out before by this JVM. */
    public static synchronized int next() {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            port -= (port - LOWEST) % FORK_STRIDE - FORK; // this fork's residue
            if (port < below && !GIVEN.contains(port) && bindable(port)) {
                GIVEN.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port found between " + LOWEST + " and " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralLow() {
        try {
            Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
            int low = Files.exists(range) ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 32_768;
            return Math.max(LOWEST + 1_000, low);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
