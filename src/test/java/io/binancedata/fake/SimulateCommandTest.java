package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exitCode = runner.submit(() -> SimulateCommand.run(
                    new String[]{"--port", "0", "--speed", "max"}, out, stop));
            await().atMost(Duration.ofSeconds(20)).until(() -> output.toString(StandardCharsets.UTF_8)
                    .contains("Stop with Ctrl-C."));
            String printed = output.toString(StandardCharsets.UTF_8);
            Matcher urls = Pattern.compile("-Dbinance\\.ws-url=(ws://127\\.0\\.0\\.1:\\d+) "
                    + "-Dbinance\\.rest-url=(http://127\\.0\\.0\\.1:\\d+)").matcher(printed);
            assertThat(urls.find()).as(printed).isTrue();

            JsonNode info = RestTestClient.getJson(urls.group(2) + "/api/v3/exchangeInfo?symbol=BTCUSDT");
            assertThat(info.get("symbols").get(0).get("status").asText()).isEqualTo("TRADING");
            try (WsTestClient client = WsTestClient.connect(urls.group(1) + "/ws/btcusdt@trade")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> client.count() >= 3_100);
                List<String> messages = client.messages();
                long previousId = RestTestClient.json(messages.get(0)).get("t").asLong();
                long previousTime = RestTestClient.json(messages.get(0)).get("T").asLong();
                for (String message : messages.subList(1, 3_100)) {
                    JsonNode trade = RestTestClient.json(message);
                    assertThat(trade.get("t").asLong()).isEqualTo(previousId + 1);
                    assertThat(trade.get("T").asLong()).isGreaterThanOrEqualTo(previousTime);
                    previousId = trade.get("t").asLong();
                    previousTime = trade.get("T").asLong();
                }
            }

            stop.countDown();
            assertThat(exitCode.get(20, TimeUnit.SECONDS)).isZero();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void shouldRejectBadArgumentsWithTheUsage() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

        assertThat(SimulateCommand.run(new String[]{"--speed", "fast"}, out, new CountDownLatch(0)))
                .isEqualTo(SimulateCommand.USAGE);
        assertThat(SimulateCommand.run(new String[]{"--port"}, out, new CountDownLatch(0)))
                .isEqualTo(SimulateCommand.USAGE);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("usage: simulate");
    }

    @Test
    void shouldParseTheOptions() {
        FakeExchangeOptions options = SimulateCommand.parse(new String[]{"--port", "9000", "--speed", "100",
                "--no-loop", "--replay", "global"});

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.speed()).isEqualTo(100.0);
        assertThat(options.loop()).isFalse();
        assertThat(options.replayMode()).isEqualTo(ReplayMode.GLOBAL_CLOCK);
        assertThat(SimulateCommand.parse(new String[0]).port()).isEqualTo(8089);
        assertThat(SimulateCommand.parse(new String[0]).speed()).isEqualTo(1.0);
        assertThat(SimulateCommand.parse(new String[]{"--help"})).isNull();
        assertThat(SimulateCommand.parse(new String[0]).burst()).isNull();
    }

    @Test
    void shouldParseABurstAndASteadyRate() {
        assertThat(SimulateCommand.parse(new String[]{"--burst", "4:100000"}).burst())
                .isEqualTo(BurstPlan.of(4, 100_000));
        assertThat(SimulateCommand.parse(new String[]{"--rate", "20000", "--burst", "4:150000"}).burst())
                .isEqualTo(new BurstPlan(4, 150_000, 20_000));
        assertThat(SimulateCommand.parse(new String[]{"--burst", "4:10"}).burstMarketTradesOn()).isFalse();
        assertThat(SimulateCommand.parse(new String[]{"--burst", "4:10", "--rate", "200", "--market-trades-on"})
                .burstMarketTradesOn()).isTrue();
        assertThatThrownBy(() -> SimulateCommand.parse(new String[]{"--burst", "4:10", "--market-trades-on"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--market-trades-on needs --burst and --rate");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        assertThat(SimulateCommand.run(new String[]{"--rate", "100"}, out, new CountDownLatch(0)))
                .isEqualTo(SimulateCommand.USAGE);
        assertThat(SimulateCommand.run(new String[]{"--burst", "4"}, out, new CountDownLatch(0)))
                .isEqualTo(SimulateCommand.USAGE);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("--rate needs --burst").contains("N:M");
    }

    @Test
    void shouldPrintTheBurstSymbolsForTheProductAndReportTheRelease() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exitCode = runner.submit(() -> SimulateCommand.run(
                    new String[]{"--port", "0", "--burst", "2:10"}, out, stop));
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
        FaultPlan.ConnectionFaults silent = SimulateCommand.parse(new String[]{"--silent-after", "300"}).faults()
                .onConnection();
        assertThat(silent.stallAfter()).isEqualTo(300);
        assertThat(silent.keepPinging()).isTrue();
        assertThat(silent.unresponsiveAfter()).isEqualTo(-1);

        FaultPlan faults = SimulateCommand.parse(new String[]{"--unresponsive-after", "40"}).faults();
        for (int connection = 0; connection < 3; connection++) {
            FaultPlan.ConnectionFaults unresponsive = faults.onConnection();
            assertThat(unresponsive.unresponsiveAfter()).isEqualTo(40);
            assertThat(unresponsive.stallAfter()).isEqualTo(-1);
        }
    }
}
