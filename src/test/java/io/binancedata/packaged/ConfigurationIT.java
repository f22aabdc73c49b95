package io.binancedata.packaged;

import static io.binancedata.support.JarProcess.JAR;
import static io.binancedata.support.JarProcess.exit;
import static io.binancedata.support.JarProcess.java;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.stream.SymbolShape;
import io.binancedata.support.Fixtures;
import io.binancedata.support.JarProcess;
import io.binancedata.support.JarProcess.Exited;
import io.binancedata.support.MainProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configuration errors of the packaged jar: each stops the process with exit code 2 and one line naming the key and
 * the value, before any stream starts (most before the CamelContext even starts), and without the "SIGTERM" line
 * Camel Main's shutdown hook printed on every such exit. Also: log levels from every source, and port 0.
 */
class ConfigurationIT {
    private static final String CONTEXT_STARTING = "Apache Camel " + JarProcess.camelVersion()
            + " (binance-data) is starting";
    private static final Pattern CONTROL_API =
            Pattern.compile("HTTP server \\(control API\\) listening on http://127\\.0\\.0\\.1:(\\d+): ");
    /** The DEBUG line the product logs once the levels are set (logging.level.root = INFO is packaged). */
    private static final String LEVELS_LINE = "DEBUG [main]  i.b.c.LogLevels - Log levels from the configuration:"
            + " {io.binancedata=DEBUG, root=INFO}";
    private static FakeExchange exchange;

    @BeforeAll
    static void startExchange() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Fixtures.btcusdtTape()));
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    /** The jar on free ports against the fake exchange; {@code properties} come last, so they win over those. */
    private static List<String> product(String... properties) {
        List<String> args = new ArrayList<>();
        args.add("-Dcamel.server.port=" + MainProcess.freePort());
        args.add("-Dcamel.management.port=" + MainProcess.freePort());
        args.add("-Dbinance.ws-url=" + exchange.wsUrl());
        args.add("-Dbinance.rest-url=" + exchange.restUrl());
        args.addAll(List.of(properties));
        args.add("-jar");
        args.add(JAR.toString());
        return args;
    }

    /**
     * Asserts exit code 2 and exactly one line about the configuration, {@code binance-data-integration: Invalid
     * configuration key=value: expected ...}; no stream started, no stack trace, no SIGTERM line. Returns the output.
     */
    private static String assertConfigurationError(Exited exited, String key, String value, String expected) {
        String output = exited.output();
        assertThat(exited.code()).as(output).isEqualTo(2);
        assertThat(output.lines().filter(l -> l.contains("Invalid configuration"))).as(output)
                .containsExactly("binance-data-integration: Invalid configuration " + key + "=" + value + ": expected "
                        + expected);
        assertThat(output).doesNotContain("SIGTERM").doesNotContain(" ERROR [").doesNotContain("Exception in thread")
                .doesNotContain("Caused by").doesNotContain("\tat ")
                .doesNotContain("Stream trade-btcusdt").doesNotContain("Stream kline-btcusdt");
        return output;
    }

    @ParameterizedTest
    @CsvSource({"camel.server.port, abc", "camel.server.port, -1", "camel.server.port, 99999",
            "camel.management.port, abc", "camel.management.port, 65536"})
    void shouldExitWithCode2NamingAPortThatIsNoPortNumber(String key, String value, @TempDir Path work)
            throws Exception {
        String output = assertConfigurationError(exit(java(work, product("-D" + key + "=" + value))), key, value,
                "a port number from 0 to 65535 (0: any free port)");
        assertThat(output).doesNotContain(CONTEXT_STARTING);
    }

    @Test
    void shouldRefuseAnUnknownStartUpIntervalBeforeAnythingStarts(@TempDir Path work) throws Exception {
        String output = assertConfigurationError(exit(java(work, product("-Dbinance.trade.symbols=BTCUSDT",
                "-Dbinance.kline.intervals=7m"))), "binance.kline.intervals", "7m",
                "intervals among 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M (case-sensitive); 7m is none of"
                        + " them");
        assertThat(output).doesNotContain(CONTEXT_STARTING);
    }

    @Test
    void shouldCheckBothStartUpSymbolListsBeforeAnyStreamStarts(@TempDir Path work) throws Exception {
        assertConfigurationError(exit(java(work, product("-Dbinance.trade.symbols=BTCUSDT",
                "-Dbinance.kline.symbols=BTCUSDT,NOSUCHCOIN"))), "binance.kline.symbols", "BTCUSDT,NOSUCHCOIN",
                "symbols the exchange lists as TRADING (Invalid symbol(s) NOSUCHCOIN: NOSUCHCOIN is not listed)");
    }

    @Test
    void shouldExitWithCode2NamingAStartUpSymbolOfTheWrongShape(@TempDir Path work) throws Exception {
        assertConfigurationError(exit(java(work, product("-Dbinance.trade.symbols=BTCUSDT,A/B"))),
                "binance.trade.symbols", "BTCUSDT,A/B", "symbols the exchange lists as TRADING (Invalid symbol(s) A/B: "
                        + SymbolShape.RULE + ")");
    }

    @Test
    void shouldExitWithCode2NamingASinkWithAnUnknownScheme(@TempDir Path work) throws Exception {
        String output = assertConfigurationError(exit(java(work, product("-Dbinance.sink.trade=nosuchscheme://foo"))),
                "binance.sink.trade", "nosuchscheme://foo",
                "Camel endpoint URIs whose scheme names a component on the classpath; there is no component nosuchscheme");
        assertThat(output).doesNotContain(CONTEXT_STARTING);
    }

    @Test
    void shouldReportABadDeadLetterEndpointInOneLine(@TempDir Path work) throws Exception {
        String output = assertConfigurationError(exit(java(work, product("-Dbinance.sink.dead-letter=nosuch:foo"))),
                "binance.sink.dead-letter", "nosuch:foo",
                "Camel endpoint URIs whose scheme names a component on the classpath; there is no component nosuch");
        assertThat(output).doesNotContain("OnException").doesNotContain(CONTEXT_STARTING);
    }

    @Test
    void shouldExitWithCode2WhenTheFileDirectoryCannotBeCreated(@TempDir Path work) throws Exception {
        String output = assertConfigurationError(exit(java(work, product("-Dbinance.file.dir=/proc/foo"))),
                "binance.file.dir", "/proc/foo",
                "a directory this process can create and write to (cannot create /proc/foo: NoSuchFileException"
                        + " /proc/foo)");
        assertThat(output).doesNotContain(CONTEXT_STARTING);
    }

    /** A checkpoints file that lost its end stops the start with one line, not a stack trace. */
    @Test
    void shouldNameTheDataFolderWhoseCheckpointsAreDamaged(@TempDir Path work) throws Exception {
        Path checkpoints = Files.createDirectories(work.resolve("data/state")).resolve("checkpoints");
        Files.writeString(checkpoints, "# <stream id> <position>, one line per stream, then '# end <count>'; "
                + "written by binance-data-integration\ntrade-btcusdt trade 7\n");
        String output = assertConfigurationError(exit(java(work, product())), "binance.file.dir", "data",
                "a folder whose state/checkpoints can be read (Cannot read the stream checkpoints "
                        + "data/state/checkpoints: the file does not end with '# end 1' after its 1 positions: it was"
                        + " cut short or damaged. Move it away to start without the positions (the downtime of every"
                        + " stream is then not backfilled))");
        assertThat(output).doesNotContain(CONTEXT_STARTING);
    }

    @Test
    void shouldRefuseAnUnknownLogLevel(@TempDir Path work) throws Exception {
        assertConfigurationError(exit(java(work, product("-Dlogging.level.root=BOGUS"))), "logging.level.root", "BOGUS",
                "a log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF");
    }

    @Test
    void shouldRefuseAMisspelledProductKeyNamingTheKeyItMeant(@TempDir Path work) throws Exception {
        String output = assertConfigurationError(exit(java(work, product("-Dbinance.trade.symbol=ETHUSDT"))),
                "binance.trade.symbol", "ETHUSDT",
                "a key the product reads (binance.trade.symbol is none; did you mean binance.trade.symbols?)");
        assertThat(output).doesNotContain(CONTEXT_STARTING);
    }

    @Test
    void shouldNameACamelKeyWhoseValueCamelCannotBind(@TempDir Path work) throws Exception {
        assertConfigurationError(exit(java(work, product("-Dcamel.main.jmx-enabled=maybe"))), "camel.main.jmxEnabled",
                "maybe", "a value Camel accepts (Cannot convert the String value: maybe to type: boolean as the value is"
                        + " not true or false)");
    }

    @Test
    void shouldPrintDebugLinesOfTheProductWhenTheLevelIsASystemProperty(@TempDir Path work) throws Exception {
        Exited exited = exit(java(work, product("-Dlogging.level.io.binancedata=DEBUG",
                "-Dbinance.reconnect.delay=soon")));
        assertThat(exited.code()).as(exited.output()).isEqualTo(2);
        assertThat(exited.output()).contains(LEVELS_LINE);
    }

    @Test
    void shouldPrintDebugLinesOfTheProductWhenTheLevelIsAnEnvironmentVariable(@TempDir Path work) throws Exception {
        ProcessBuilder builder = java(work, product("-Dbinance.reconnect.delay=soon"));
        builder.environment().put("LOGGING_LEVEL_IO_BINANCEDATA", "DEBUG");
        assertThat(exit(builder).output()).contains(LEVELS_LINE);
    }

    @Test
    void shouldPrintDebugLinesOfTheProductWhenTheLevelIsInTheWorkingDirectorysProperties(@TempDir Path work)
            throws Exception {
        Files.writeString(work.resolve("application.properties"), "logging.level.io.binancedata = DEBUG\n"
                + "binance.reconnect.delay = soon\n");
        assertThat(exit(java(work, product())).output()).contains(LEVELS_LINE);
    }

    @Test
    void shouldListenOnAFreePortWhenThePortIs0AndSayWhichOne(@TempDir Path work) throws Exception {
        Path log = work.resolve("product.log");
        Process process = java(work, product("-Dcamel.server.port=0", "-Dbinance.trade.symbols=",
                "-Dbinance.kline.symbols=")).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive()
                    || CONTROL_API.matcher(Files.readString(log)).find());
            Matcher line = CONTROL_API.matcher(Files.readString(log));
            assertThat(line.find()).as(Files.readString(log)).isTrue();
            HttpResponse<String> streams = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + line.group(1) + "/streams")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(streams.statusCode()).isEqualTo(200);
            assertThat(streams.body()).isEqualTo("{\"action\":\"list\",\"total\":0,\"streams\":[]}");
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
