package io.binancedata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later (a jar, a broker): free now, and below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), so that no outgoing connection of this or another process can take
 * one meanwhile. A port of the ephemeral range ({@code new ServerSocket(0)}) was once taken by a client's connection in
 * the seconds before a jar bound it (ComposeClusterIT: {@code BindException}). Never the same port twice on this
 * machine while the JVM that gave it runs: each port given is reserved by a lock on a file of its own under
 * {@code <java.io.tmpdir>/binance-test-ports}, held until the JVM exits, so that Maven's other test forks, and other
 * builds on the machine, pass over it (two forks once gave one port to two jars between the check and the bind:
 * ComposeClusterIT, {@code BindException}; numbering the forks did not work: {@code ${surefire.forkNumber}} reached
 * the forks empty).
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final Path RESERVATIONS = Path.of(System.getProperty("java.io.tmpdir"), "binance-test-ports");
    /** The locks of the ports this JVM gave, held (never released) so that no other JVM gives them. */
    private static final Map<Integer, FileLock> GIVEN = new HashMap<>();

    private FreePorts() {
    }

    /** A port nothing listens on now, below the ephemeral range, not given out before by a running test JVM. */
    public static synchronized int next() {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!GIVEN.containsKey(port) && bindable(port)) {
                FileLock reserved = reserve(port);
                if (reserved != null) {
                    GIVEN.put(port, reserved);
                    return port;
                }
            }
        }
        throw new IllegalStateException("no free port found between " + LOWEST + " and " + below);
    }

    /** The lock of the port's file, or null when another JVM holds it. */
    private static FileLock reserve(int port) {
        try {
            Files.createDirectories(RESERVATIONS);
            FileChannel channel = FileChannel.open(RESERVATIONS.resolve(String.valueOf(port)),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reserve port " + port + " in " + RESERVATIONS, e);
        }
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
