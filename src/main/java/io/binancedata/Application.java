package io.binancedata;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.binancedata.cli.CommandLineErrors;
import io.binancedata.cli.DecodeCommand;
import io.binancedata.config.ConfigurationException;
import io.binancedata.config.LogFormat;
import io.binancedata.config.Setting;
import io.binancedata.fake.SimulateCommand;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point and the command line's top: {@code java -jar binance-data-integration.jar} (no arguments) runs the
 * Camel Main process; {@code decode} prints SBE files as JSON lines or CSV; {@code simulate} runs the offline fake
 * exchange; {@code --help} (also {@code help COMMAND} and {@code COMMAND --help}) explains each. Bad arguments end
 * with one line on standard error and exit code 2.
 */
@Command(name = "binance-data-integration", sortOptions = false,
        header = "Streams Binance spot trades and klines over WebSocket into files, JMS brokers and HTTP services, "
                + "encoded as SBE.",
        description = {"",
            "Without a command: runs the product until stopped (Ctrl-C, SIGTERM), with the HTTP control API on "
                    + "127.0.0.1:8080 (/streams) and health and metrics on 127.0.0.1:9876 (/observe). It takes no "
                    + "arguments: it is configured by application.properties (one in the working directory wins over "
                    + "the packaged one, key by key), -Dkey=value and environment variables "
                    + "(BINANCE_TRADE_SYMBOLS=BTCUSDT,ETHUSDT); every key is listed in README \"Configuration\".",
            "Exit code 2 for an invalid configuration value (one line naming the key), 1 when the start fails "
                    + "otherwise, 143 after SIGTERM."},
        footer = {"",
            "Examples:",
            "  java -Dbinance.trade.symbols=BTCUSDT,ETHUSDT -jar binance-data-integration.jar",
            "  java -jar binance-data-integration.jar simulate --port 8089 --speed 10",
            "  java -jar binance-data-integration.jar decode --format csv \\",
            "       --from 2024-08-08T23:00:00Z data/trade/BTCUSDT/2024-08-08.sbe",
            "Run 'binance-data-integration COMMAND --help' for a command's options in full."})
public final class Application implements Callable<Integer> {
    /** The section of the help that lists every command's options after the list of commands. */
    private static final String COMMAND_OPTIONS = "commandOptions";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    private boolean help;

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        try {
            LogFormat.select();
        } catch (ConfigurationException e) {
            System.err.println(ConfigurationErrors.PREFIX + e.getMessage());
            System.exit(2);
        }
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the command line: the product, a command or the help; returns the exit code. Text goes out in UTF-8
     * whatever the platform's charset (symbols such as 币安人生USDT).
     *
     * @throws Exception what the run mode throws that is not a configuration error (as {@link #call()}).
     */
    public static int execute(String[] args, OutputStream out, OutputStream err) throws Exception {
        return execute(args, out, err, new SimulateCommand());
    }

    /** As {@link #execute(String[], OutputStream, OutputStream)}, with the given {@code simulate} command. */
    public static int execute(String[] args, OutputStream out, OutputStream err, SimulateCommand simulate)
            throws Exception {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(new Application())
                .addSubcommand(new DecodeCommand())
                .addSubcommand(simulate)
                .addSubcommand(new CommandLine.HelpCommand())
                .setOut(outWriter).setErr(errWriter);
        listCommandOptions(commandLine);
        CommandLineErrors errors = CommandLineErrors.install(commandLine);
        try {
            int code = commandLine.execute(args);
            errors.rethrowUnexpected();
            return code;
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** Adds, after the list of commands in the help, each command's synopsis: its options at a glance. */
    private static void listCommandOptions(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(COMMAND_OPTIONS, help -> {
            StringBuilder text = new StringBuilder("%nCommand options:%n".formatted());
            help.subcommands().forEach((name, command) -> {
                if (!(command.commandSpec().userObject() instanceof CommandLine.HelpCommand)) {
                    text.append(command.synopsis(0));
                }
            });
            return text.toString();
        });
        List<String> sections = new ArrayList<>(commandLine.getHelpSectionKeys());
        sections.add(sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1,
                COMMAND_OPTIONS);
        commandLine.setHelpSectionKeys(sections);
    }

    /** The run mode: Camel Main until it is shut down; exit code 2 with one line for a configuration error. */
    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (Exception e) {
            ConfigurationException configuration = ConfigurationErrors.find(e);
            if (configuration == null) {
                throw e;
            }
            ConfigurationErrors.report(configuration);
            return 2;
        }
    }

    /**
     * Runs Camel Main until it is shut down; returns the process exit code. Main is always marked completed before
     * this returns or throws: its JVM shutdown hook then knows the process is ending by itself and does not log
     * "JVM shutdown hook triggered by SIGTERM" when {@link System#exit} runs after a failed start.
     */
    static int run() throws Exception {
        Main main = newMain();
        try {
            int code = main.run(new String[0]);
            RuntimeException failure = startupFailure(main);
            if (failure instanceof ConfigurationException c) {
                throw c;
            }
            return failure != null ? 1 : code;
        } finally {
            main.completed();
        }
    }

    /**
     * The Camel Main process as shipped: properties, configuration checks, configuration, configured streams started
     * after start-up.
     */
    public static Main newMain() {
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                // as Main's own, with the product's context class
                BinanceCamelContext camel = new BinanceCamelContext(false);
                camel.getCamelContextExtension().setRegistry(registry);
                camel.getGlobalOptions().put("CamelMainClass", Application.class.getName());
                return camel;
            }
        };
        main.setPropertyPlaceholderLocations(Setting.PROPERTIES_LOCATIONS);
        // Main's summary of the properties it used would print every sink URI in full, credentials included (it masks
        // only keys named like a password); the product logs each stream's sinks without them (SinkName)
        main.configure().setAutoConfigurationLogSummary(false);
        main.addMainListener(new ConfigurationCheck());
        main.configure().addConfiguration(BinanceConfiguration.class);
        main.addMainListener(new StartConfiguredStreams(main::completed));
        return main;
    }

    /** The failure of the start-up checks or of the configured streams (the process then exits non-zero), or null. */
    private static RuntimeException startupFailure(Main main) {
        return main.getMainListeners().stream().filter(l -> l instanceof StartConfiguredStreams)
                .map(l -> ((StartConfiguredStreams) l).failure()).filter(f -> f != null).findFirst().orElse(null);
    }
}
