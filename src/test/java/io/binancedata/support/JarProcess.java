package io.binancedata.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a user runs it: {@code java <args>} in a working directory, output and errors together. */
public final class JarProcess {
    public static final Path JAR =
            Path.of(System.getProperty("binance.jar", "target/binance-data-integration.jar")).toAbsolutePath();

    private JarProcess() {
    }

    /** The Camel version the jar was built with (failsafe passes pom.xml's {@code camel.version}). */
    public static String camelVersion() {
        String version = System.getProperty("camel.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("System property camel.version is not set (mvn verify sets it)");
        }
        return version;
    }

    /**
     * {@code java} and the options that make the many short runs of the jar start faster without changing what the
     * jar does: the class-data archive {@code mvn verify} records from one run of this jar before the ITs
     * (pom.xml, execution {@code jar-class-archive}; failsafe passes its path) and the client compiler only (these
     * runs last seconds, far too short for the optimising compiler to pay off). About 1 s of CPU instead of 2 per
     * start. Without the archive (an IT run from an IDE) plain {@code java}.
     */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String archive = System.getProperty("binance.jar.class-archive", "");
        if (!archive.isBlank() && Files.isRegularFile(Path.of(archive))) {
            command.add("-XX:SharedArchiveFile=" + archive);
            // an archive that no longer matches the jar (rebuilt since) is ignored; without these, the JVM would say
            // so on standard output, which the ITs read
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
            command.add("-XX:TieredStopAtLevel=1");
        }
        return command;
    }

    /** {@code java} with {@code args} (e.g. {@code -Dkey=value ... -jar JAR}) in {@code workDir}, LANG=C.UTF-8. */
    public static ProcessBuilder java(Path workDir, List<String> args) {
        List<String> command = javaCommand();
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("LANG", "C.UTF-8");
        return builder;
    }

    /** How a process ended: its exit code and everything it printed. */
    public record Exited(int code, String output) {
    }

    /** Runs a process that must exit by itself within a minute (killed and failed otherwise). */
    public static Exited exit(ProcessBuilder builder) throws Exception {
        Path log = Files.createTempFile("product", ".log");
        try {
            Process process = builder.redirectOutput(log.toFile()).start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log);
            assertThat(exited).as("exited by itself: " + output).isTrue();
            return new Exited(process.exitValue(), output);
        } finally {
            Files.delete(log);
        }
    }
}
