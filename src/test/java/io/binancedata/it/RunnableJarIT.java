package io.binancedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.support.EmbeddedArtemis;
import io.binancedata.support.Fixtures;
import io.binancedata.support.SbeFiles;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code java -jar target/binance-data-integration.jar} pointed at a fake
 * exchange, then {@code decode} on the files it wrote.
 */
class RunnableJarIT {
    private static final Path JAR = Path.of(System.getProperty("binance.jar", "target/binance-data-integration.jar"));
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static FakeExchange exchange;

    @BeforeAll
    static void startExchange() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Fixtures.btcusdtTape()));
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    private static ProcessBuilder java(Path workDir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("LANG", "C.UTF-8");
        return builder;
    }

    /** The HTTP port (control API and /observe) of the last process {@link #product} built. */
    private static int httpPort;

    private static List<String> product(String... properties) {
        List<String> args = new ArrayList<>();
        httpPort = io.binancedata.support.MainProcess.freePort();
        args.add("-Dcamel.management.port=" + httpPort);
        args.add("-Dbinance.ws-url=" + exchange.wsUrl());
        args.add("-Dbinance.rest-url=" + exchange.restUrl());
        args.addAll(List.of(properties));
        args.add("-jar");
        args.add(JAR.toAbsolutePath().toString());
        return args;
    }

    @Test
    void shouldWriteFilesWhoseDecodedTradesEqualTheSourceOneForOne(@TempDir Path work) throws Exception {
        Process process = java(work, product("-Dbinance.trade.symbols=btcusdt", "-Dbinance.kline.symbols=BTCUSDT",
                "-Dbinance.kline.intervals=1m")).redirectOutput(work.resolve("product.log").toFile()).start();
        Path trades = work.resolve("data/trade/BTCUSDT");
        try {
            await().atMost(TIMEOUT).until(() -> !process.isAlive() || totalBytes(trades) >= expectedTradeBytes(trades));
            assertThat(process.isAlive()).as(log(work)).isTrue();
            java.net.http.HttpResponse<String> streams = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/streams"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(streams.statusCode()).isEqualTo(200);
            assertThat(streams.body()).contains("\"id\":\"trade-btcusdt\"");
            java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort
                            + "/observe/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("binance_stream_messages_total{");
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("128 + SIGTERM, after a graceful shutdown").isEqualTo(143);
        assertThat(log(work)).contains("Stream trade-btcusdt: CONNECTING -> STREAMING")
                .contains("Stream trade-btcusdt: STREAMING -> STOPPED")
                .contains("Apache Camel (Main) 4.17.0 is shutdown").doesNotContain("ERROR");

        Process decode = java(work, List.of("-jar", JAR.toAbsolutePath().toString(), "decode",
                "data/trade/BTCUSDT/2024-08-08.sbe", "data/trade/BTCUSDT/2024-08-09.sbe")).start();
        List<String> lines = new String(decode.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(decode.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(decode.exitValue()).isZero();
        List<JsonNode> decoded = lines.stream().map(SbeFiles::parse).toList();
        TradeStreamEndToEndTest.assertTradesEqualSource(decoded, Fixtures.btcusdtPayloads(), "BTCUSDT");
        assertThat(work.resolve("data/kline_1m/BTCUSDT")).isDirectory();
    }

    private static long totalBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Every BTCUSDT trade message has the same length, so the complete output has a known size. */
    private static long expectedTradeBytes(Path dir) throws IOException {
        Path first = dir.resolve("2024-08-08.sbe");
        if (!Files.exists(first) || Files.size(first) < 4) {
            return Long.MAX_VALUE;
        }
        byte[] header = new byte[4];
        try (var in = Files.newInputStream(first)) {
            assertThat(in.read(header)).isEqualTo(4);
        }
        long frame = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        return frame * Fixtures.BTCUSDT_TRADES;
    }

    private static String log(Path work) {
        try {
            Path log = work.resolve("product.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldExitNonZeroNamingAnInvalidStartUpSymbol(@TempDir Path work) throws Exception {
        String output = runToExit(java(work, product("-Dbinance.trade.symbols=BTCUSDT,NOSUCHCOIN,BCCBTC")));
        assertThat(output).contains("Cannot start the configured streams")
                .contains("NOSUCHCOIN is not listed").contains("BCCBTC is BREAK, not TRADING");
    }

    @Test
    void shouldExitNonZeroNamingABadConfigurationValue(@TempDir Path work) throws Exception {
        String output = runToExit(java(work, product("-Dbinance.reconnect.delay=soon")));
        assertThat(output).contains("Invalid configuration binance.reconnect.delay=soon");
    }

    @Test
    void shouldTakeConfigurationFromEnvironmentVariables(@TempDir Path work) throws Exception {
        ProcessBuilder builder = java(work, product());
        builder.environment().putAll(Map.of("BINANCE_TRADE_SYMBOLS", "ENVCOIN"));
        assertThat(runToExit(builder)).contains("ENVCOIN is not listed");
    }

    @Test
    void shouldSendTradesToAJmsBrokerConfiguredByPropertiesOnly(@TempDir Path work) throws Exception {
        try (EmbeddedArtemis broker = new EmbeddedArtemis(work.resolve("artemis"), "binance.trades")) {
            Process process = java(work, product(
                    "-Dcamel.beans.artemis=#class:org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory",
                    "-Dcamel.beans.artemis.brokerURL=" + broker.url(),
                    "-Dbinance.trade.symbols=BTCUSDT", "-Dbinance.kline.symbols=",
                    "-Dbinance.sink.trade=jms:queue:binance.trades?connectionFactory=#artemis"))
                    .redirectOutput(work.resolve("product.log").toFile()).start();
            List<JsonNode> received = new ArrayList<>();
            try (JMSContext context = broker.connectionFactory().createContext();
                 JMSConsumer consumer = context.createConsumer(context.createQueue("binance.trades"))) {
                while (received.size() < Fixtures.BTCUSDT_TRADES) {
                    BytesMessage message = (BytesMessage) consumer.receive(30_000);
                    assertThat(message).as(log(work)).isNotNull();
                    byte[] body = message.getBody(byte[].class);
                    received.add(SbeFiles.decode(new UnsafeBuffer(body), 0, body.length));
                }
            } finally {
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            TradeStreamEndToEndTest.assertTradesEqualSource(received, Fixtures.btcusdtPayloads(), "BTCUSDT");
            assertThat(work.resolve("data/trade")).doesNotExist();
        }
    }

    @Test
    void shouldLetAnApplicationPropertiesInTheWorkingDirectoryOverrideThePackagedOne(@TempDir Path work)
            throws Exception {
        Files.writeString(work.resolve("application.properties"), "binance.trade.symbols = FILECOIN\n");
        assertThat(runToExit(java(work, product()))).contains("FILECOIN is not listed");
    }

    /** Runs a process that must exit by itself with a non-zero code; returns its output. */
    private static String runToExit(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        return output;
    }
}
