package io.binancedata.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code decode FILE...}: prints every message of framed SBE files (as the file sink writes them) as one JSON
 * line (see {@link SbeJsonPrinter}) on standard output, in UTF-8 whatever the platform charset.
 * <p>
 * Problems go to standard error as one line each naming the file and the byte offset of the frame, without
 * stack traces: a message that cannot be decoded is reported and skipped (its frame is intact); broken
 * framing (truncated trailing frame, wrong encoding type, impossible length) ends that file. Exit code
 * {@value #OK} when everything decoded, {@value #FAILED} when anything was reported, {@value #USAGE} without
 * arguments.
 */
public final class DecodeCommand {
    /** Exit code: every message of every file decoded. */
    public static final int OK = 0;
    /** Exit code: at least one problem was reported. */
    public static final int FAILED = 1;
    /** Exit code: no file given. */
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final SbeJsonPrinter printer = new SbeJsonPrinter();

    private DecodeCommand(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param files paths of framed SBE files.
     * @param out   receives the JSON lines.
     * @param err   receives one line per problem.
     * @return the exit code.
     */
    public static int run(final String[] files, final PrintStream out, final PrintStream err) {
        if (files == null || files.length == 0) {
            err.println("usage: decode FILE...  (prints each framed SBE message as one JSON line)");
            return USAGE;
        }
        final DecodeCommand command = new DecodeCommand(out, err);
        boolean ok = true;
        for (final String file : files) {
            ok &= command.decode(file);
        }
        out.flush();
        return ok ? OK : FAILED;
    }

    /**
     * Runs the command on the process's standard streams and exits with its code.
     *
     * @param args file paths.
     */
    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private boolean decode(final String file) {
        boolean ok = true;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(file)))) {
            final SbeFrameReader reader = new SbeFrameReader(in);
            while (reader.next()) {
                try {
                    final byte[] json = printer.toJson(reader.buffer(), 0, reader.messageLength())
                        .getBytes(StandardCharsets.UTF_8);
                    out.write(json, 0, json.length);
                    out.write('\n');
                } catch (final IllegalArgumentException e) {
                    err.println(file + ": byte offset " + reader.frameOffset() + ": " + e.getMessage());
                    ok = false;
                }
            }
        } catch (final FramingException e) {
            err.println(file + ": " + e.getMessage());
            ok = false;
        } catch (final NoSuchFileException e) {
            err.println(file + ": no such file");
            ok = false;
        } catch (final IOException | InvalidPathException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            ok = false;
        }
        return ok;
    }
}
