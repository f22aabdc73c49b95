package io.binancedata.fake;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code simulate}: runs a fake exchange with the bundled tapes on 127.0.0.1 until the process is stopped, so the
 * product can run with no network. Options: {@code --port N} (8089), {@code --speed X|max} (1.0),
 * {@code --no-loop}, {@code --replay per-connection|global} (per-connection), {@code --exchange-info FILE}; faults on
 * every connection: {@code --reset-after N}, {@code --shutdown-after N}, {@code --malformed-every N},
 * {@code --silent-after N}, {@code --unresponsive-after N}; {@code --burst N:M [--rate R [--market-trades-on]]}
 * serves a burst instead (see {@link BurstPlan}, {@link FakeExchangeOptions#burstMarketTradesOn}).
 */
public final class SimulateCommand {
    /** Exit code for bad arguments. */
    public static final int USAGE = 2;
    /** Exit code when the exchange could not start (e.g. the port is taken). */
    public static final int FAILED = 1;
    private static final int DEFAULT_PORT = 8089;

    private SimulateCommand() {
    }

    /** Runs until the JVM shuts down (Ctrl-C, SIGTERM); returns the exit code. */
    public static int run(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped);
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(args, System.out, stop);
        } finally {
            stopped.countDown();
        }
    }

    /** Runs until {@code stop} opens; prints to {@code out}. */
    static int run(String[] args, PrintStream out, CountDownLatch stop) {
        FakeExchangeOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("simulate: " + e.getMessage());
            out.println(usage());
            return USAGE;
        }
        if (options == null) {
            out.println(usage());
            return 0;
        }
        try (FakeExchange exchange = FakeExchange.start(options)) {
            if (options.burst() == null) {
                out.println("Fake Binance exchange running (speed " + options.speed()
                        + (options.loop() ? ", looping" : "") + ", replay "
                        + options.replayMode().name().toLowerCase(Locale.ROOT) + ")");
                out.println("  WebSocket: " + exchange.wsUrl() + "/ws/btcusdt@trade");
            } else {
                out.println("Fake Binance exchange running a burst of " + options.burst()
                        + ", held until every stream is subscribed");
                out.println("  WebSocket: " + exchange.wsUrl() + "/ws/s0001usdt@trade, …");
                reportProgress(exchange.burst(), out);
            }
            out.println("  REST:      " + exchange.restUrl() + "/api/v3/exchangeInfo");
            out.println("Point the product at it with:");
            out.println("  -Dbinance.ws-url=" + exchange.wsUrl() + " -Dbinance.rest-url=" + exchange.restUrl()
                    + (options.burst() == null ? "" : " -Dbinance.trade.symbols="
                    + String.join(",", options.burst().symbols()) + " -Dbinance.kline.symbols="));
            out.println("Stop with Ctrl-C.");
            out.flush();
            stop.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            out.println("simulate: cannot start the fake exchange: " + e.getMessage());
            return FAILED;
        }
    }

    /** The options, or {@code null} when help was asked for. */
    static FakeExchangeOptions parse(String[] args) {
        FakeExchangeOptions options = FakeExchangeOptions.defaults().port(DEFAULT_PORT).loop(true);
        BurstPlan burst = null;
        Double rate = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options.port(intValue(arg, value(args, ++i, arg)));
                case "--speed" -> options.speed(speedValue(value(args, ++i, arg)));
                case "--no-loop" -> options.loop(false);
                case "--replay" -> options.replayMode(replayValue(value(args, ++i, arg)));
                case "--exchange-info" -> options.exchangeInfoFile(Path.of(value(args, ++i, arg)));
                case "--reset-after" -> options.faults().resetAfterFrames(intValue(arg, value(args, ++i, arg)));
                case "--shutdown-after" -> options.faults().serverShutdownAfterFrames(intValue(arg, value(args, ++i, arg)),
                        FaultPlan.EVERY_CONNECTION);
                case "--malformed-every" -> options.faults().injectMalformedEvery(intValue(arg, value(args, ++i, arg)));
                case "--burst" -> burst = BurstPlan.parse(value(args, ++i, arg));
                case "--rate" -> rate = rateValue(value(args, ++i, arg));
                case "--market-trades-on" -> options.burstMarketTradesOn(true);
                case "--silent-after" -> options.faults().silentSubscriptionAfterFrames(
                        intValue(arg, value(args, ++i, arg)), FaultPlan.EVERY_CONNECTION);
                case "--unresponsive-after" -> options.faults().unresponsiveAfterFrames(
                        intValue(arg, value(args, ++i, arg)), FaultPlan.EVERY_CONNECTION);
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (rate != null && burst == null) {
            throw new IllegalArgumentException("--rate needs --burst");
        }
        if (options.burstMarketTradesOn() && rate == null) {
            throw new IllegalArgumentException("--market-trades-on needs --burst and --rate");
        }
        return options.burst(rate == null || burst == null ? burst : burst.steady(rate));
    }

    static String usage() {
        return "usage: simulate [--port N] [--speed X|max] [--no-loop] [--replay per-connection|global]"
                + " [--exchange-info FILE]\n"
                + "  faults, on every connection: [--reset-after N] (drop it after N frames)"
                + " [--shutdown-after N] (send serverShutdown after N frames) [--malformed-every N]\n"
                + "  [--silent-after N] (no data frames after N, pings go on, the market trades on)"
                + " [--unresponsive-after N] (after N frames send nothing, read nothing, keep the TCP connection)\n"
                + "  burst instead of the tapes: --burst N:M (N trade streams S0001USDT… of M trades each, held until"
                + " all N are subscribed, then as fast as the sockets take them) [--rate R] (instead: R trades/s in"
                + " total, steadily)\n  [--market-trades-on] (with --rate: trades due while a stream has no connection"
                + " are not held for the next one but served only over REST)";
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int intValue(String option, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + text, e);
        }
    }

    private static String speedValue(String text) {
        if (!text.equalsIgnoreCase("max") && !text.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("--speed needs a number or max: " + text);
        }
        return text;
    }

    /** Prints the release and the end of the burst as they happen. */
    private static void reportProgress(BurstLog burst, PrintStream out) {
        burst.whenReleased().thenRun(() -> out.println("Burst released: every stream is subscribed."));
        burst.whenComplete().thenRun(() -> {
            double seconds = (burst.completionEpochMicros() - burst.releaseEpochMicros()) / 1e6;
            out.printf(Locale.ROOT, "Burst sent: %,d trades in %.3f s after the release (%,.0f trades/s sent)%n",
                    burst.plan().totalTrades(), seconds, burst.plan().totalTrades() / seconds);
        });
    }

    private static double rateValue(String text) {
        if (!text.matches("\\d+(\\.\\d+)?") || Double.parseDouble(text) <= 0) {
            throw new IllegalArgumentException("--rate needs a positive number of trades per second: " + text);
        }
        return Double.parseDouble(text);
    }

    private static ReplayMode replayValue(String text) {
        return switch (text) {
            case "per-connection" -> ReplayMode.PER_CONNECTION;
            case "global" -> ReplayMode.GLOBAL_CLOCK;
            default -> throw new IllegalArgumentException("--replay needs per-connection or global: " + text);
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
