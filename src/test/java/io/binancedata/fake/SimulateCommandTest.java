package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.Application;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SimulateCommandTest {

    @Test
    void shouldServeTheBundledTapesLoopingWithConsecutiveIdsUntilStopped() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exitCode = runner.submit(() -> simulate(output, stop, "--port", "0", "--speed", "max"));
            await().atMost(Duration.ofSeconds(20)).until(() -> output.toString(StandardCharsets.UTF_8)
                    .contains("Stop with Ctrl-C."));
            String printed = output.toString(StandardCharsets.UTF_8);
            Matcher urls = Pattern.compile("-Dbinance\\.ws-url=(ws://127\\.0\\.0\\.1:\\d+) "
                    + "-Dbinance\\.rest-url=(http://127\\.0\\.0\\.1:\\d+)").matcher(printed);
            assertThat(urls.find()).as(printed).isTrue();

            JsonNode info = RestTestClient.getJson(urls.group(2) + "/api/v3/exchangeInfo?symbol=BTCUSDT");
            assertThat(info.get("symbols").get(0).get("status").asText()).isEqualTo("TRADING");
            List<String> messages = firstMessages(urls.group(1) + "/ws/btcusdt@trade", 3_100);
            long previousId = RestTestClient.json(messages.get(0)).get("t").asLong();
            long previousTime = RestTestClient.json(messages.get(0)).get("T").asLong();
            for (String message : messages.subList(1, 3_100)) {
                JsonNode trade = RestTestClient.json(message);
                assertThat(trade.get("t").asLong()).isEqualTo(previousId + 1);
                assertThat(trade.get("T").asLong()).isGreaterThanOrEqualTo(previousTime);
                previousId = trade.get("t").asLong();
                previousTime = trade.get("T").asLong();
            }

            stop.countDown();
            assertThat(exitCode.get(20, TimeUnit.SECONDS)).isZero();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void shouldRejectBadArgumentsInOneLineEach() throws Exception {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        assertThat(simulate(errors, "--speed", "fast")).isEqualTo(2);
        assertThat(simulate(errors, "--port")).isEqualTo(2);
        assertThat(simulate(errors, "--port", "http")).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).isEqualTo(
                "binance-data-integration simulate: Invalid value for option '--speed': 'fast' is neither a number"
                        + " nor max (see 'binance-data-integration simulate --help')\n"
                + "binance-data-integration simulate: Missing required parameter for option '--port' (N)"
                        + " (see 'binance-data-integration simulate --help')\n"
                + "binance-data-integration simulate: Invalid value for option '--port': 'http' is not an int"
                        + " (see 'binance-data-integration simulate --help')\n");
    }

    @Test
    void shouldSayInOneLineWhenTheExchangeCannotStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();

            assertThat(simulate(errors, "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(SimulateCommand.FAILED);
            assertThat(errors.toString(StandardCharsets.UTF_8)).startsWith("simulate: cannot start the fake exchange: ")
                    .doesNotContain("\tat ").hasLineCount(1);
        }
    }

    @Test
    void shouldParseTheOptions() {
        FakeExchangeOptions options = parse("--port", "9000", "--speed", "100",
                "--no-loop", "--replay", "global");

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.speed()).isEqualTo(100.0);
        assertThat(options.loop()).isFalse();
        assertThat(options.replayMode()).isEqualTo(ReplayMode.GLOBAL_CLOCK);
        assertThat(parse().port()).isEqualTo(8089);
        assertThat(parse().speed()).isEqualTo(1.0);
        assertThat(parse().burst()).isNull();
    }

    @Test
    void shouldParseABurstAndASteadyRate() throws Exception {
        assertThat(parse("--burst", "4:100000").burst())
                .isEqualTo(BurstPlan.of(4, 100_000));
        assertThat(parse("--rate", "20000", "--burst", "4:150000").burst())
                .isEqualTo(new BurstPlan(4, 150_000, 20_000));
        assertThat(parse("--burst", "4:10").burstMarketTradesOn()).isFalse();
        assertThat(parse("--burst", "4:10", "--rate", "200", "--market-trades-on").burstMarketTradesOn()).isTrue();
        assertThatThrownBy(() -> parse("--burst", "4:10", "--market-trades-on"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--market-trades-on needs --burst and --rate, or --synthetic");

        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(simulate(errors, "--rate", "100")).isEqualTo(2);
        assertThat(simulate(errors, "--burst", "4")).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).isEqualTo(
                "binance-data-integration simulate: --rate needs --burst or --synthetic (see"
                        + " 'binance-data-integration simulate"
                        + " --help')\n"
                + "binance-data-integration simulate: Invalid value for option '--burst': burst needs N:M"
                        + " (streams:trades per stream), e.g. 4:100000: 4 (see 'binance-data-integration simulate"
                        + " --help')\n");
    }

    @Test
    void shouldParseASyntheticMarketAndTheLimitsSwitch() throws Exception {
        FakeExchangeOptions synthetic = parse("--synthetic", "1500:10000", "--rate", "3000");
        assertThat(synthetic.syntheticMarket()).isEqualTo(new SyntheticMarket(1_500, 10_000, 3_000, 150));
        assertThat(synthetic.burst()).isNull();
        assertThat(parse("--synthetic", "10:5").syntheticMarket())
                .isEqualTo(new SyntheticMarket(10, 5, SimulateCommand.DEFAULT_SYNTHETIC_RATE, 1));
        assertThat(parse("--synthetic", "10:5", "--market-trades-on").burstMarketTradesOn()).isTrue();
        SyntheticMarket dayChange = parse("--synthetic", "10:3000", "--day-change-at-trade", "600").syntheticMarket();
        long day = Duration.ofDays(1).toMillis();
        TapeTrade first = dayChange.tape().trade(600);
        assertThat(first.tradeTime() % day).as("trade 600 opens a UTC day").isZero();
        assertThat(dayChange.tape().trade(0).tradeTime() / day).isEqualTo(first.tradeTime() / day - 1);
        assertThat(first.id()).isEqualTo(SyntheticMarket.trade(600).id());
        assertThat(first.price()).isEqualTo(SyntheticMarket.trade(600).price());
        assertThatThrownBy(() -> parse("--day-change-at-trade", "600"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--day-change-at-trade needs --synthetic");
        assertThatThrownBy(() -> parse("--synthetic", "10:5", "--burst", "4:10"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--burst and --synthetic exclude each other");
        FakeExchangeOptions defaults = parse();
        assertThat(defaults.incomingMessageLimit()).isEqualTo(5);
        assertThat(defaults.maxStreamsPerConnection()).isEqualTo(1024);
        assertThat(defaults.connectionAttemptLimit()).isEqualTo(300);
        assertThat(defaults.connectionAttemptWindow()).isEqualTo(Duration.ofMinutes(5));
        FakeExchangeOptions unlimited = parse("--no-limits");
        assertThat(unlimited.incomingMessageLimit()).isZero();
        assertThat(unlimited.maxStreamsPerConnection()).isEqualTo(Integer.MAX_VALUE);
        assertThat(unlimited.connectionAttemptLimit()).isZero();
    }

    @Test
    void shouldPrintTheBurstSymbolsForTheProductAndReportTheRelease() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exitCode = runner.submit(() -> simulate(output, stop, "--port", "0", "--burst", "2:10"));
            await().atMost(Duration.ofSeconds(20)).until(() -> output.toString(StandardCharsets.UTF_8)
                    .contains("Stop with Ctrl-C."));
            String printed = output.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("-Dbinance.trade.symbols=S0001USDT,S0002USDT -Dbinance.kline.symbols=");
            Matcher url = Pattern.compile("-Dbinance\\.ws-url=(ws://127\\.0\\.0\\.1:\\d+)").matcher(printed);
            assertThat(url.find()).as(printed).isTrue();

            try (WsTestClient first = WsTestClient.connect(url.group(1) + "/ws/s0001usdt@trade");
                 WsTestClient second = WsTestClient.connect(url.group(1) + "/ws/s0002usdt@trade")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> first.count() == 10 && second.count() == 10);
                await().atMost(Duration.ofSeconds(5)).until(() -> output.toString(StandardCharsets.UTF_8)
                        .contains("Burst sent: 20 trades in"));
            }
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("Burst released");
            stop.countDown();
            assertThat(exitCode.get(20, TimeUnit.SECONDS)).isZero();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void shouldParseTheSilentAndUnresponsiveFaultsForEveryConnection() {
        FaultPlan.ConnectionFaults silent = parse("--silent-after", "300").faults()
                .onConnection();
        assertThat(silent.stallAfter()).isEqualTo(300);
        assertThat(silent.keepPinging()).isTrue();
        assertThat(silent.unresponsiveAfter()).isEqualTo(-1);

        FaultPlan faults = parse("--unresponsive-after", "40").faults();
        for (int connection = 0; connection < 3; connection++) {
            FaultPlan.ConnectionFaults unresponsive = faults.onConnection();
            assertThat(unresponsive.unresponsiveAfter()).isEqualTo(40);
            assertThat(unresponsive.stallAfter()).isEqualTo(-1);
        }
    }

    /** The options {@code simulate args} asks for. */
    private static FakeExchangeOptions parse(String... args) {
        SimulateCommand command = new SimulateCommand(new CountDownLatch(0));
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    /** Runs {@code simulate args} through the entry point until {@code stop} opens; its output to {@code out}. */
    private static int simulate(ByteArrayOutputStream out, CountDownLatch stop, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "simulate";
        System.arraycopy(args, 0, command, 1, args.length);
        return Application.execute(command, out, out, new SimulateCommand(stop));
    }

    /** Runs {@code simulate args} that must end by themselves (bad arguments); errors to {@code err}. */
    private static int simulate(ByteArrayOutputStream err, String... args) throws Exception {
        return simulate(err, new CountDownLatch(0), args);
    }

    /** The first {@code count} text messages of a WebSocket stream ({@code --speed max}: a burst at its start). */
    private static List<String> firstMessages(String url, int count) throws Exception {
        try (WsTestClient client = WsTestClient.connect(url)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.count() >= count);
            return client.messages().subList(0, count);
        }
    }
}
