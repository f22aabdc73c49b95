package io.binancedata.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import io.binancedata.codec.FramingException;
import io.binancedata.codec.SbeCsvPrinter;
import io.binancedata.codec.SbeFrameReader;
import io.binancedata.codec.SbeJsonPrinter;
import io.binancedata.codec.SbeLineFormat;
import io.binancedata.codec.SbeMessageWalker;
import io.binancedata.sbe.TradeDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code decode [--format json|csv] [--from INSTANT] [--to INSTANT] [--time trade|event] FILE...}: prints every
 * message of framed SBE files (as the file sink writes them) on standard output, one line each, as JSON lines (see
 * {@link SbeJsonPrinter}) or CSV with a header row (see {@link SbeCsvPrinter}).
 * <p>
 * Problems go to standard error as one line each naming the file (and the byte offset of the frame), without stack
 * traces: a message that cannot be decoded is reported and skipped (its frame is intact); broken framing (truncated
 * trailing frame, wrong encoding type, impossible length) ends that file; a missing or unreadable file is reported and
 * the next one decoded. Exit code {@value #OK} when everything decoded, {@value #FAILED} when anything was reported;
 * bad arguments are the command line's (exit code 2).
 */
@Command(name = "decode", sortOptions = false, sortSynopsis = false,
        header = "Prints framed SBE files (the file sink's) as JSON lines or CSV, optionally within a time range.",
        description = {
            "Prints every message of framed SBE files (as the product's file sink writes them) on standard output, "
                    + "one line per message: JSON lines (the default) or CSV. Times are microseconds since the "
                    + "epoch, decimals exact text, a backfilled message's event time null (JSON) or empty (CSV).",
            "A problem is one line on standard error naming the file and byte offset: a message that cannot be "
                    + "decoded is skipped, broken framing ends that file. Exit code 0 when every message decoded, 1 "
                    + "when anything was reported, 2 for bad arguments."},
        footer = {"",
            "Examples:",
            "  decode data/trade/BTCUSDT/2024-08-08.sbe",
            "  decode --format csv --from 2024-08-08T23:00:00Z --to 2024-08-09 data/trade/BTCUSDT/*.sbe"})
public final class DecodeCommand implements Callable<Integer> {
    /** Exit code: every message of every file decoded. */
    public static final int OK = 0;
    /** Exit code: at least one problem was reported. */
    public static final int FAILED = 1;

    /** The output formats. */
    public enum Format {
        json, csv
    }

    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json",
            description = "json: one JSON object per line; csv: a header row with the field names, then one row "
                    + "per message (one message type per run: trade files or kline files; no message, no header). "
                    + "Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only messages at or after this instant (ISO-8601: 2024-08-08T23:54:00Z, "
                    + "2024-08-09T01:54:00+02:00, or a date, 2024-08-08, meaning its start in UTC).")
    private Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Only messages before this instant (excluded), same forms as --from.")
    private Instant to;

    @Option(names = "--time", paramLabel = "trade|event", defaultValue = "trade",
            description = "The time --from and --to apply to. trade (default): a trade's trade time, a kline's open "
                    + "time — every message has one. event: the event time, when the exchange sent the event; a "
                    + "backfilled message has none, so it is left out whenever --from or --to is given, and counted "
                    + "in a note on standard error.")
    private TimeRange.Field time;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Framed SBE files, decoded in the order given.")
    private List<String> files;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final SbeMessageWalker walker = new SbeMessageWalker();
    private SbeLineFormat lines;
    private TimeRange range;
    private PrintWriter out;
    private PrintWriter err;
    /** The template id of the CSV's rows (its header), or -1 before the first row. */
    private int csvTemplateId = -1;

    @Override
    public Integer call() {
        range = TimeRange.of(from, to, time, spec.commandLine());
        lines = format == Format.csv ? new SbeCsvPrinter() : new SbeJsonPrinter();
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        boolean ok = true;
        for (final String file : files) {
            ok &= decode(file);
            if (out.checkError()) {
                // Standard output is gone (e.g. "| head"): nobody reads the rest.
                return FAILED;
            }
        }
        out.flush();
        if (range.leftOutWithoutEventTime() > 0) {
            err.println("decode: " + range.leftOutWithoutEventTime() + " backfilled message(s) have no event time and"
                    + " were left out (--time event)");
        }
        return ok ? OK : FAILED;
    }

    private boolean decode(final String file) {
        boolean ok = true;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(file)))) {
            final SbeFrameReader reader = new SbeFrameReader(in);
            while (reader.next()) {
                try {
                    if (!print(file, reader)) {
                        return false; // the rest of the file is of the same kind: said once, not per message
                    }
                } catch (final IllegalArgumentException e) {
                    err.println(file + ": byte offset " + reader.frameOffset() + ": " + e.getMessage());
                    ok = false;
                }
            }
        } catch (final FramingException e) {
            err.println(file + ": " + framingProblem(e));
            ok = false;
        } catch (final NoSuchFileException e) {
            err.println(file + ": no such file");
            ok = false;
        } catch (final AccessDeniedException e) {
            err.println(file + ": cannot read: permission denied");
            ok = false;
        } catch (final IOException | InvalidPathException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            ok = false;
        }
        return ok;
    }

    /** Prints the reader's message if it is in the range; false when it cannot be printed. */
    private boolean print(final String file, final SbeFrameReader reader) {
        final int templateId = walker.walk(reader.buffer(), 0, reader.messageLength(), lines);
        if (!range.includes(walker)) {
            return true;
        }
        if (lines.hasHeader()) {
            if (csvTemplateId == -1) {
                out.append(lines.header()).append('\n');
                csvTemplateId = templateId;
            } else if (templateId != csvTemplateId) {
                err.println(file + ": byte offset " + reader.frameOffset() + ": a " + typeName(templateId)
                        + " does not fit the CSV's " + typeName(csvTemplateId) + " columns: decode trade files and"
                        + " kline files separately (the rest of this file skipped)");
                return false;
            }
        }
        out.append(lines.line()).append('\n');
        return true;
    }

    private static String typeName(final int templateId) {
        return templateId == TradeDecoder.TEMPLATE_ID ? "Trade" : "Kline";
    }

    /**
     * A file whose very first frame is not framed as the product writes (wrong encoding type or impossible length,
     * not a file cut short) is not a framed SBE file at all: said so, rather than only the frame's bytes.
     */
    private static String framingProblem(final FramingException e) {
        final boolean notFramed = e.offset() == 0 && !e.getMessage().contains("truncated");
        return notFramed ? "not a framed SBE file (" + e.getMessage() + ")" : e.getMessage();
    }
}
