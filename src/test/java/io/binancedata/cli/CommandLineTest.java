package io.binancedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.binancedata.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The front door, {@link Application#execute} as {@code main} runs it: help for the run mode and every command, and
 * bad arguments ending in one line on standard error with exit code 2 (the run mode itself: RunnableJarIT,
 * ConfigurationIT).
 */
class CommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldListTheRunModeAndEveryCommandWithItsOptions() throws Exception {
        assertThat(execute("--help")).isZero();

        assertThat(out()).startsWith("Streams Binance spot trades and klines over WebSocket into files, JMS brokers\n"
                        + "and HTTP services, encoded as SBE.\nUsage: binance-data-integration [-h] [COMMAND]\n\n"
                        + "Without a command: runs the product until stopped (Ctrl-C, SIGTERM)")
                .contains("\nCommands:\n  decode    Prints framed SBE files (the file sink's) as JSON lines or CSV,\n")
                .contains("\n  simulate  Runs a fake Binance exchange on 127.0.0.1")
                .contains("\n  help      Display help information about the specified command.\n")
                .contains("\nCommand options:\n"
                        + "binance-data-integration decode [-h] [--format=json|csv] [--from=INSTANT]\n"
                        + "                                [--to=INSTANT] [--time=trade|event] FILE...\n"
                        + "binance-data-integration simulate [-h] [--port=N] [--speed=X|max] [--no-loop]\n")
                .contains("[--burst=N:M] [--synthetic=N:M] [--rate=R]")
                .contains("Run 'binance-data-integration COMMAND --help' for a command's options in full.\n");
        assertThat(err()).isEmpty();
        String help = out();

        out.reset();
        assertThat(execute("-h")).isZero();
        assertThat(out()).isEqualTo(help);
    }

    @ParameterizedTest
    @CsvSource({"decode", "simulate"})
    void shouldExplainEachCommand(String command) throws Exception {
        assertThat(execute(command, "--help")).isZero();
        String help = out();
        assertThat(help).contains("Usage: binance-data-integration " + command + " [-h]").contains("\nExamples:\n");
        assertThat(err()).isEmpty();

        out.reset();
        assertThat(execute("help", command)).isZero();
        assertThat(out()).isEqualTo(help);
    }

    @Test
    void shouldDescribeEveryDecodeOption() throws Exception {
        assertThat(execute("decode", "--help")).isZero();

        assertThat(out()).contains("      FILE...              Framed SBE files, decoded in the order given.\n")
                .contains("      --format=json|csv    json: one JSON object per line; csv: a header row\n")
                .contains("      --from=INSTANT       Only messages at or after this instant (ISO-8601:\n")
                .contains("      --to=INSTANT         Only messages before this instant (excluded), same\n")
                .contains("      --time=trade|event   The time --from and --to apply to. trade (default):\n")
                .contains("none, so it is left out whenever --from or --to is\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--bogus;binance-data-integration: Unknown option: '--bogus' (see 'binance-data-integration --help')",
        "decrypt;binance-data-integration: Unmatched argument at index 0: 'decrypt'"
                + " (see 'binance-data-integration --help')",
        "decode --bogus x.sbe;binance-data-integration decode: Unknown option: '--bogus'"
                + " (see 'binance-data-integration decode --help')",
        "decode --bogus;binance-data-integration decode: Unknown option: '--bogus'"
                + " (see 'binance-data-integration decode --help')",
        "decode --format xml x.sbe;binance-data-integration decode: Invalid value for option '--format': expected"
                + " one of [json, csv] (case-sensitive) but was 'xml' (see 'binance-data-integration decode --help')",
        "decode --format;binance-data-integration decode: Missing required parameter for option '--format'"
                + " (json|csv) (see 'binance-data-integration decode --help')",
        "simulate --no-loop --bogus;binance-data-integration simulate: Unknown option: '--bogus'"
                + " (see 'binance-data-integration simulate --help')",
        "help decrypt;binance-data-integration: Unknown subcommand 'decrypt'."
                + " (see 'binance-data-integration --help')"})
    void shouldRefuseBadArgumentsInOneLineWithExitCode2(String args, String line) throws Exception {
        int code = execute(args.split(" "));

        assertThat(err()).isEqualTo(line + "\n");
        assertThat(code).isEqualTo(2);
        assertThat(out()).isEmpty();
    }

    private int execute(String... args) throws Exception {
        return Application.execute(args, out, err);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
