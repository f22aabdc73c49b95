package io.binancedata;

import java.nio.file.Path;
import java.util.Arrays;

import io.binancedata.codec.DecodeCommand;
import io.binancedata.config.ConfigurationException;
import io.binancedata.config.LogFormat;
import io.binancedata.fake.SimulateCommand;
import org.apache.camel.main.Main;

/**
 * Entry point. {@code java -jar binance-data-integration.jar} runs the Camel Main process;
 * {@code decode FILE...} prints SBE files as JSON lines; {@code simulate} runs the offline fake exchange.
 */
public final class Application {
    /**
     * An application.properties in the working directory, if there is one, then the packaged defaults: Camel's
     * properties component lets the first location that defines a key win.
     */
    static final String PROPERTIES =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        try {
            LogFormat.select(Path.of("application.properties"));
        } catch (ConfigurationException e) {
            System.err.println(ConfigurationErrors.PREFIX + e.getMessage());
            System.exit(2);
        }
        if (args.length > 0 && "decode".equals(args[0])) {
            System.exit(DecodeCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && "simulate".equals(args[0])) {
            System.exit(SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        try {
            System.exit(run(args));
        } catch (Exception e) {
            ConfigurationException configuration = ConfigurationErrors.find(e);
            if (configuration == null) {
                throw e;
            }
            ConfigurationErrors.report(configuration);
            System.exit(2);
        }
    }

    /**
     * Runs Camel Main until it is shut down; returns the process exit code. Main is always marked completed before
     * this returns or throws: its JVM shutdown hook then knows the process is ending by itself and does not log
     * "JVM shutdown hook triggered by SIGTERM" when {@link System#exit} runs after a failed start.
     */
    static int run(String[] args) throws Exception {
        Main main = newMain();
        try {
            int code = main.run(args);
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
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTIES);
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
