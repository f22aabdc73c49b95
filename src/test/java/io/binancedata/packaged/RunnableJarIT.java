package io.binancedata.packaged;

import static io.binancedata.support.JarProcess.JAR;
import static io.binancedata.support.JarProcess.exit;
import static io.binancedata.support.JarProcess.java;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import io.binancedata.embedded.TradeStreamEndToEndTest;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.support.Fixtures;
import io.binancedata.support.JarProcess;
import io.binancedata.support.RawHttp;
import io.binancedata.support.JarProcess.Exited;
import io.binancedata.support.MainProcess;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code java -jar target/binance-data-integration.jar} pointed at a fake
 * exchange, then {@code decode} on the files it wrote. Its JMS sink: {@link JmsSinkJarIT}.
 */
class RunnableJarIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeExchange exchange;

    @BeforeAll
    static void startExchange() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Fixtures.btcusdtTape()));
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    /** The HTTP ports (control API, /observe) of the last process {@link #product} built. */
    private static int controlPort;
    private static int managementPort;

    private static List<String> product(String... properties) {
        List<String> args = new ArrayList<>();
        controlPort = MainProcess.freePort();
        managementPort = MainProcess.freePort();
        args.add("-Dcamel.server.port=" + controlPort);
        args.add("-Dcamel.management.port=" + managementPort);
        args.add("-Dbinance.ws-url=" + exchange.wsUrl());
        args.add("-Dbinance.rest-url=" + exchange.restUrl());
        args.addAll(List.of(properties));
        args.add("-jar");
        args.add(JAR.toString());
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
            HttpResponse<String> streams = get(controlPort, "/streams");
            assertThat(streams.statusCode()).isEqualTo(200);
            assertThat(streams.body()).contains("\"id\":\"trade-btcusdt\"");
            HttpResponse<String> metrics = get(managementPort, "/observe/metrics");
            assertThat(metrics.body()).contains("binance_stream_messages_total{");
            for (int i = 0; i < 5; i++) {
                assertThat(RawHttp.send(controlPort, "GET", "/streams/%zz", null, "Host", "127.0.0.1:" + controlPort)
                        .status()).as("a path that cannot be decoded").isEqualTo(400);
            }
        } finally {
            process.destroy();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("128 + SIGTERM, after a graceful shutdown").isEqualTo(143);
        assertThat(log(work)).contains("HTTP server (control API) listening on http://127.0.0.1:" + controlPort
                        + ": GET,HEAD,POST /streams, GET,HEAD,DELETE /streams/{id}")
                .contains("HTTP management server listening on http://127.0.0.1:" + managementPort
                        + ": GET /observe/health, GET /observe/metrics")
                .doesNotContain("0.0.0.0")
                .contains("Stream trade-btcusdt: CONNECTING -> STREAMING")
                .contains("Stream trade-btcusdt: STREAMING -> STOPPED")
                .contains("Apache Camel (Main) " + JarProcess.camelVersion() + " is shutdown");
        assertThat(log(work).lines().filter(line -> line.contains(" ERROR ")).toList())
                .as("five badly encoded paths: Vert.x's ERROR line once, not five times").hasSize(1)
                .allMatch(line -> line.contains("Unhandled exception in router"));

        Process decode = java(work, List.of("-jar", JAR.toString(), "decode",
                "data/trade/BTCUSDT/2024-08-08.sbe", "data/trade/BTCUSDT/2024-08-09.sbe")).start();
        List<String> lines = new String(decode.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(decode.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(decode.exitValue()).isZero();
        List<JsonNode> decoded = lines.stream().map(SbeFiles::parse).toList();
        TradeStreamEndToEndTest.assertTradesEqualSource(decoded, Fixtures.btcusdtPayloads(), "BTCUSDT");
        assertThat(work.resolve("data/kline_1m/BTCUSDT")).isDirectory();

        Process csv = java(work, List.of("-jar", JAR.toString(), "decode", "--format", "csv",
                "data/trade/BTCUSDT/2024-08-08.sbe", "data/trade/BTCUSDT/2024-08-09.sbe")).start();
        List<String> rows = new String(csv.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(csv.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(csv.exitValue()).isZero();
        assertThat(rows.get(0)).isEqualTo("eventTime,tradeTime,receiveTime,tradeId,price,quantity,buyerIsMaker,source,"
                + "symbol");
        assertThat(rows.subList(1, rows.size())).as("the JSON lines' values, in order")
                .containsExactlyElementsOf(decoded.stream().map(RunnableJarIT::csvRow).toList());
    }

    /** The CSV row decode writes for a message it writes as {@code json}: every value but the type, null empty. */
    private static String csvRow(JsonNode json) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (!field.getKey().equals("type")) {
                values.add(field.getValue().isNull() ? "" : field.getValue().asText());
            }
        }
        return String.join(",", values);
    }

    @Test
    void shouldExplainItselfAndRefuseABadArgumentInOneLine(@TempDir Path work) throws Exception {
        Exited help = exit(java(work, List.of("-jar", JAR.toString(), "--help")));
        assertThat(help.code()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: binance-data-integration [-h] [COMMAND]")
                .contains("Without a command: runs the product until stopped")
                .contains("binance-data-integration decode [-h] [--format=json|csv]")
                .contains("binance-data-integration simulate [-h] [--port=N]");

        Exited bad = exit(java(work, List.of("-jar", JAR.toString(), "decode", "--format", "xml", "x.sbe")));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.output()).isEqualTo("binance-data-integration decode: Invalid value for option '--format':"
                + " expected one of [json, csv] (case-sensitive) but was 'xml'"
                + " (see 'binance-data-integration decode --help')\n");

        Exited missing = exit(java(work, List.of("-jar", JAR.toString(), "decode", "nope.sbe")));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("nope.sbe: no such file\n");
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
    void shouldExitWithCode2NamingAnInvalidStartUpSymbol(@TempDir Path work) throws Exception {
        Exited exited = exit(java(work, product("-Dbinance.trade.symbols=BTCUSDT,NOSUCHCOIN,BCCBTC")));
        assertThat(exited.code()).as(exited.output()).isEqualTo(2);
        assertThat(exited.output()).contains("binance-data-integration: Invalid configuration binance.trade.symbols="
                + "BTCUSDT,NOSUCHCOIN,BCCBTC: expected symbols the exchange lists as TRADING (Invalid symbol(s)"
                + " NOSUCHCOIN, BCCBTC: NOSUCHCOIN is not listed; BCCBTC is BREAK, not TRADING)")
                .doesNotContain("Stream trade-btcusdt started");
    }

    @Test
    void shouldWriteOneJsonObjectPerLogLineWhenAsked(@TempDir Path work) throws Exception {
        Exited exited = exit(java(work, product("-Dlogging.format=json", "-Dbinance.trade.symbols=NOSUCHCOIN")));
        assertThat(exited.code()).as(exited.output()).isEqualTo(2);
        List<JsonNode> lines = exited.output().lines().filter(l -> !l.isBlank()).map(SbeFiles::parse).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(l -> assertThat(l.has("@timestamp") && l.has("log.level") && l.has("message"))
                .as(l.toString()).isTrue());
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("log.level").asText()).isEqualTo("ERROR");
            assertThat(l.get("message").asText()).startsWith("Invalid configuration binance.trade.symbols=NOSUCHCOIN:")
                    .contains("NOSUCHCOIN is not listed");
        });
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

    /**
     * Camel Main skips environment variables ending in _PORT (Kubernetes service links); application.properties reads
     * CAMEL_SERVER_PORT and CAMEL_MANAGEMENT_PORT explicitly.
     */
    @Test
    void shouldTakeTheHttpPortsFromTheEnvironment(@TempDir Path work) throws Exception {
        ProcessBuilder builder = java(work, withoutHttpPorts(product("-Dbinance.trade.symbols=BTCUSDT",
                "-Dbinance.kline.symbols=")));
        builder.environment().putAll(Map.of("CAMEL_SERVER_PORT", String.valueOf(controlPort),
                "CAMEL_MANAGEMENT_PORT", String.valueOf(managementPort)));
        Process process = builder.redirectOutput(work.resolve("product.log").toFile()).start();
        try {
            await().atMost(TIMEOUT).ignoreExceptions()
                    .until(() -> !process.isAlive() || get(controlPort, "/streams").statusCode() == 200);
            assertThat(process.isAlive()).as(log(work)).isTrue();
            assertThat(get(managementPort, "/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldExitWithCode2NamingAPortInUse(@TempDir Path work) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProcessBuilder builder = java(work, withoutHttpPorts(product()));
            builder.environment().put("CAMEL_MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            Exited exited = exit(builder);
            assertThat(exited.code()).as(exited.output()).isEqualTo(2);
            assertThat(exited.output()).contains("binance-data-integration: Invalid configuration camel.management.port="
                    + taken.getLocalPort() + ": expected a port the HTTP server can listen on at 127.0.0.1");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> withoutHttpPorts(List<String> args) {
        return args.stream().filter(a -> !a.startsWith("-Dcamel.server.port=")
                && !a.startsWith("-Dcamel.management.port=")).toList();
    }

    @Test
    void shouldLetAnApplicationPropertiesInTheWorkingDirectoryOverrideThePackagedOne(@TempDir Path work)
            throws Exception {
        Files.writeString(work.resolve("application.properties"), "binance.trade.symbols = FILECOIN\n");
        assertThat(runToExit(java(work, product()))).contains("FILECOIN is not listed");
    }

    /** Runs a process that must exit by itself with a non-zero code; returns its output. */
    private static String runToExit(ProcessBuilder builder) throws Exception {
        Exited exited = exit(builder);
        assertThat(exited.code()).as(exited.output()).isNotZero();
        return exited.output();
    }
}
