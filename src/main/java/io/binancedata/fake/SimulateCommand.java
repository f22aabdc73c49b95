package io.binancedata.fake;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code simulate}: runs a fake exchange with the bundled tapes on 127.0.0.1 until the process is stopped (or, in
 * tests, until the latch given to {@link #SimulateCommand(CountDownLatch)} opens), so the product can run with no
 * network. The options are listed by {@code simulate --help}; {@code --burst N:M [--rate R [--market-trades-on]]}
 * serves a burst instead of the tapes (see {@link BurstPlan}, {@link FakeExchangeOptions#burstMarketTradesOn}).
 */
@Command(name = "simulate", sortOptions = false, sortSynopsis = false,
        header = "Runs a fake Binance exchange on 127.0.0.1 (recorded trades, faults, bursts) for offline runs.",
        description = {
            "Runs a Binance-compatible fake exchange on 127.0.0.1 until stopped (Ctrl-C): WebSocket streams and REST "
                    + "(exchangeInfo, historicalTrades, klines, trades, aggTrades) replaying 3,000 real recorded "
                    + "BTCUSDT and ETHUSDT trades of 2024-08-08, looped with consecutive ids, klines derived from them. It prints "
                    + "the -D options to point the product at it. Exit code 1 when it cannot start (a port in use), "
                    + "2 for bad arguments."},
        footer = {"",
            "Examples:",
            "  simulate --port 8089 --speed 10",
            "  simulate --port 8090 --speed 5 --replay global --reset-after 300 --malformed-every 97",
            "  simulate --port 8091 --burst 4:100000",
            "  simulate --port 8092 --synthetic 1500:10000 --rate 3000"})
public final class SimulateCommand implements Callable<Integer> {
    /** Exit code when the exchange could not start (e.g. the port is taken). */
    public static final int FAILED = 1;
    /** Total trades per second of {@code --synthetic} without {@code --rate}. */
    static final int DEFAULT_SYNTHETIC_RATE = 2_000;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8089",
            description = "Port of both WebSocket and REST; 0: any free port. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "1.0", converter = SpeedConverter.class,
            description = "Replay speed: 1.0 is the recorded pace, 10 ten times faster, max as fast as the socket "
                    + "takes them. Default: ${DEFAULT-VALUE}.")
    private String speed;

    @Option(names = "--no-loop", description = "Serve the tapes once instead of looping them.")
    private boolean noLoop;

    @Option(names = "--replay", paramLabel = "per-connection|global", defaultValue = "per-connection",
            converter = ReplayConverter.class,
            description = "per-connection (default): every connection replays from the start; global: one market "
                    + "clock, trades happen while you are disconnected and are served by /api/v3/historicalTrades "
                    + "and /api/v3/klines.")
    private ReplayMode replay;

    @Option(names = "--exchange-info", paramLabel = "FILE",
            description = "Serve this recorded exchangeInfo JSON instead of the bundled one.")
    private Path exchangeInfo;

    @Option(names = "--reset-after", paramLabel = "N", description = "Fault: drop every connection after N frames.")
    private Integer resetAfter;

    @Option(names = "--day-change-at-trade", paramLabel = "K",
            description = "With --synthetic: move every time so that trade K (from 0) of every symbol is the first of "
                    + "a new UTC day.")
    private Long dayChangeAtTrade;

    @Option(names = "--reset-all-at", paramLabel = "S",
            description = "Fault: reset every open connection at once, S seconds after the start (once).")
    private Integer resetAllAt;

    @Option(names = "--shutdown-after", paramLabel = "N",
            description = "Fault: send serverShutdown on every connection after N frames.")
    private Integer shutdownAfter;

    @Option(names = "--malformed-every", paramLabel = "N", description = "Fault: inject a malformed frame every N.")
    private Integer malformedEvery;

    @Option(names = "--silent-after", paramLabel = "N",
            description = "Fault: a silent subscription, no data frame after N; pings go on, the market trades on "
                    + "and REST serves the missed trades.")
    private Integer silentAfter;

    @Option(names = "--unresponsive-after", paramLabel = "N",
            description = "Fault: after N frames send nothing and read nothing (no pong), keep the TCP connection.")
    private Integer unresponsiveAfter;

    @Option(names = "--burst", paramLabel = "N:M", converter = BurstConverter.class,
            description = "Instead of the tapes: N trade streams S0001USDT, S0002USDT, ... of M trades each, held "
                    + "until all N are subscribed, then as fast as the sockets take them.")
    private BurstPlan burst;

    @Option(names = "--synthetic", paramLabel = "N:M", converter = BurstConverter.class,
            description = "Instead of the tapes: N synthetic TRADING symbols S0001USDT, ..., S0007FDUSD, ..., "
                    + "S0009BTC, ... (quote assets 6 USDT : 2 FDUSD : 2 BTC) of M trades each, trading from the start "
                    + "at --rate (default " + DEFAULT_SYNTHETIC_RATE + " trades/s in total), with @trade and "
                    + "@kline_<interval> streams; N/10 more listed as BREAK. A trade not yet sent waits for its "
                    + "stream's next subscription.")
    private BurstPlan synthetic;

    @Option(names = "--rate", paramLabel = "R", converter = RateConverter.class,
            description = "With --burst or --synthetic: R trades/s in total, steadily (a burst: instead of as fast "
                    + "as possible).")
    private Double rate;

    @Option(names = "--market-trades-on", description = "With --burst and --rate, or --synthetic: trades due while a "
            + "stream has no connection are not held for the next one but served only over REST, as on Binance (gaps "
            + "to backfill).")
    private boolean marketTradesOn;

    @Option(names = "--no-limits", description = "Do not enforce Binance's limits (5 incoming messages a second and "
            + "1024 streams per connection, 300 connection attempts per 5 minutes per IP), which are on by default.")
    private boolean noLimits;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    /** Opens when the exchange should stop; null: at JVM shutdown. */
    private final CountDownLatch stop;

    /** The command as the jar runs it: until the JVM shuts down (Ctrl-C, SIGTERM). */
    public SimulateCommand() {
        this(null);
    }

    /** The command running until {@code stop} opens. */
    public SimulateCommand(CountDownLatch stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() {
        FakeExchangeOptions options = options();
        if (stop != null) {
            return serve(options, stop);
        }
        CountDownLatch shutdown = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.countDown();
            awaitQuietly(stopped);
        }, "simulate-shutdown"));
        try {
            return serve(options, shutdown);
        } finally {
            stopped.countDown();
        }
    }

    /** The fake exchange's options the command line asks for. */
    FakeExchangeOptions options() {
        if (burst != null && synthetic != null) {
            throw new ParameterException(spec.commandLine(), "--burst and --synthetic exclude each other");
        }
        if (rate != null && burst == null && synthetic == null) {
            throw new ParameterException(spec.commandLine(), "--rate needs --burst or --synthetic");
        }
        if (marketTradesOn && rate == null && synthetic == null) {
            throw new ParameterException(spec.commandLine(), "--market-trades-on needs --burst and --rate, or"
                    + " --synthetic");
        }
        FakeExchangeOptions options = FakeExchangeOptions.defaults().port(port).speed(speed).loop(!noLoop)
                .replayMode(replay).burst(rate == null || burst == null ? burst : burst.steady(rate))
                .burstMarketTradesOn(marketTradesOn);
        if (dayChangeAtTrade != null && synthetic == null) {
            throw new ParameterException(spec.commandLine(), "--day-change-at-trade needs --synthetic");
        }
        if (synthetic != null) {
            SyntheticMarket market = SyntheticMarket.of(synthetic.streams(), synthetic.tradesPerStream(),
                    rate == null ? DEFAULT_SYNTHETIC_RATE : rate);
            options.syntheticMarket(dayChangeAtTrade == null ? market : market.dayChangeAtTrade(dayChangeAtTrade));
        }
        if (noLimits) {
            options.incomingMessageLimit(0).connectionAttemptLimit(0, options.connectionAttemptWindow())
                    .maxStreamsPerConnection(Integer.MAX_VALUE);
        }
        if (exchangeInfo != null) {
            options.exchangeInfoFile(exchangeInfo);
        }
        FaultPlan faults = options.faults();
        if (resetAfter != null) {
            faults.resetAfterFrames(resetAfter);
        }
        if (shutdownAfter != null) {
            faults.serverShutdownAfterFrames(shutdownAfter, FaultPlan.EVERY_CONNECTION);
        }
        if (malformedEvery != null) {
            faults.injectMalformedEvery(malformedEvery);
        }
        if (silentAfter != null) {
            faults.silentSubscriptionAfterFrames(silentAfter, FaultPlan.EVERY_CONNECTION);
        }
        if (unresponsiveAfter != null) {
            faults.unresponsiveAfterFrames(unresponsiveAfter, FaultPlan.EVERY_CONNECTION);
        }
        return options;
    }

    /** Runs the exchange until {@code until} opens; returns the exit code. */
    private int serve(FakeExchangeOptions options, CountDownLatch until) {
        PrintWriter out = spec.commandLine().getOut();
        try (FakeExchange exchange = FakeExchange.start(options)) {
            describe(options, exchange, out);
            out.println("Stop with Ctrl-C.");
            out.flush();
            if (resetAllAt != null) {
                resetAllLater(exchange, out, until);
            }
            until.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            spec.commandLine().getErr().println("simulate: cannot start the fake exchange: " + e.getMessage());
            return FAILED;
        }
    }

    /** Resets every connection once, {@code --reset-all-at} seconds from now, unless the exchange stops first. */
    private void resetAllLater(FakeExchange exchange, PrintWriter out, CountDownLatch until) {
        Thread resetter = new Thread(() -> {
            try {
                if (!until.await(resetAllAt, TimeUnit.SECONDS)) {
                    out.println("Reset all " + exchange.resetAllConnections() + " connections at once");
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fake-reset-all");
        resetter.setDaemon(true);
        resetter.start();
    }

    /** Prints what runs where and the -D options pointing the product at it. */
    private static void describe(FakeExchangeOptions options, FakeExchange exchange, PrintWriter out) {
        SyntheticMarket synthetic = options.syntheticMarket();
        String symbols = null;
        if (synthetic != null) {
            out.println("Fake Binance exchange running a synthetic market of " + synthetic);
            out.println("  WebSocket: " + exchange.wsUrl() + "/stream (SUBSCRIBE s0001usdt@trade, …)");
            symbols = String.join(",", synthetic.tradingSymbols());
        } else if (options.burst() == null) {
            out.println("Fake Binance exchange running (speed " + options.speed()
                    + (options.loop() ? ", looping" : "") + ", replay "
                    + options.replayMode().name().toLowerCase(Locale.ROOT) + ")");
            out.println("  WebSocket: " + exchange.wsUrl() + "/ws/btcusdt@trade");
        } else {
            out.println("Fake Binance exchange running a burst of " + options.burst()
                    + ", held until every stream is subscribed");
            out.println("  WebSocket: " + exchange.wsUrl() + "/ws/s0001usdt@trade, …");
            reportProgress(exchange.burst(), out);
            symbols = String.join(",", options.burst().symbols());
        }
        out.println("  REST:      " + exchange.restUrl() + "/api/v3/exchangeInfo");
        out.println("Point the product at it with:");
        out.println("  -Dbinance.ws-url=" + exchange.wsUrl() + " -Dbinance.rest-url=" + exchange.restUrl()
                + (symbols == null ? "" : " -Dbinance.trade.symbols=" + symbols + " -Dbinance.kline.symbols="));
    }

    /** Prints the release and the end of the burst as they happen. */
    private static void reportProgress(BurstLog burst, PrintWriter out) {
        burst.whenReleased().thenRun(() -> {
            out.println("Burst released: every stream is subscribed.");
            out.flush();
        });
        burst.whenComplete().thenRun(() -> {
            double seconds = (burst.completionEpochMicros() - burst.releaseEpochMicros()) / 1e6;
            out.printf(Locale.ROOT, "Burst sent: %,d trades in %.3f s after the release (%,.0f trades/s sent)%n",
                    burst.plan().totalTrades(), seconds, burst.plan().totalTrades() / seconds);
            out.flush();
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code X|max}: a non-negative number or {@code max}. */
    static final class SpeedConverter implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.equalsIgnoreCase("max") && !text.matches("\\d+(\\.\\d+)?")) {
                throw new TypeConversionException("'" + text + "' is neither a number nor max");
            }
            return text;
        }
    }

    /** {@code per-connection|global}. */
    static final class ReplayConverter implements ITypeConverter<ReplayMode> {
        @Override
        public ReplayMode convert(String text) {
            return switch (text) {
                case "per-connection" -> ReplayMode.PER_CONNECTION;
                case "global" -> ReplayMode.GLOBAL_CLOCK;
                default -> throw new TypeConversionException("'" + text + "' is neither per-connection nor global");
            };
        }
    }

    /** {@code N:M}, see {@link BurstPlan#parse}. */
    static final class BurstConverter implements ITypeConverter<BurstPlan> {
        @Override
        public BurstPlan convert(String text) {
            try {
                return BurstPlan.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A positive number of trades per second. */
    static final class RateConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            if (!text.matches("\\d+(\\.\\d+)?") || Double.parseDouble(text) <= 0) {
                throw new TypeConversionException("'" + text + "' is not a positive number of trades per second");
            }
            return Double.parseDouble(text);
        }
    }
}
