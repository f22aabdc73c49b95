package io.binancedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.sun.net.httpserver.HttpServer;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.support.LogCapture;
import io.binancedata.support.MainProcess;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start-up that fails for a reason that is no configuration error: logged once, with its cause. */
class StartConfiguredStreamsTest {
    /** Not JSON: the exchange's answer to exchangeInfo, so the start-up symbol check fails. */
    private static final String NOT_JSON = "{\"symbols\":[nonsense]}";

    @TempDir
    Path dir;
    private HttpServer exchange;

    @BeforeEach
    void startExchange() throws Exception {
        exchange = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exchange.createContext("/api/v3/exchangeInfo", call -> {
            byte[] body = NOT_JSON.getBytes(StandardCharsets.UTF_8);
            call.getResponseHeaders().add("Content-Type", "application/json");
            call.sendResponseHeaders(200, body.length);
            call.getResponseBody().write(body);
            call.close();
        });
        exchange.start();
    }

    @AfterEach
    void stopExchange() {
        exchange.stop(0);
    }

    @Test
    void shouldLogAnUnexpectedStartUpFailureOnceWithItsCause() {
        String restUrl = "http://127.0.0.1:" + exchange.getAddress().getPort();
        Main main = Application.newMain();
        main.addOverrideProperty("binance.ws-url", "ws://127.0.0.1:" + exchange.getAddress().getPort());
        main.addOverrideProperty("binance.rest-url", restUrl);
        main.addOverrideProperty("binance.file.dir", dir.toString());
        main.addOverrideProperty("binance.trade.symbols", "BTCUSDT");
        main.addOverrideProperty("binance.kline.symbols", " ");
        main.addOverrideProperty("camel.server.port", String.valueOf(MainProcess.freePort()));
        main.addOverrideProperty("camel.management.port", String.valueOf(MainProcess.freePort()));

        try (LogCapture log = new LogCapture(StartConfiguredStreams.class)) {
            // returns once the failed start has told Camel Main to complete
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> main.run());

            RuntimeException failure = main.getMainListeners().stream()
                    .filter(l -> l instanceof StartConfiguredStreams)
                    .map(l -> ((StartConfiguredStreams) l).failure()).findFirst().orElseThrow();
            assertThat(failure).isInstanceOf(ExchangeUnavailableException.class)
                    .hasMessageStartingWith("Unreadable exchangeInfo from " + restUrl + "/api/v3/exchangeInfo: "
                            + "Unrecognized token 'nonsense'");
            List<LogCapture.Logged> logged = log.loggedContaining("Cannot start");
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0).event()).startsWith("ERROR Cannot start: Unreadable exchangeInfo from " + restUrl
                    + "/api/v3/exchangeInfo: Unrecognized token 'nonsense'");
            assertThat(logged.get(0).thrown()).isSameAs(failure);
            assertThat(logged.get(0).rootCause()).isInstanceOf(JsonParseException.class)
                    .hasMessageStartingWith("Unrecognized token 'nonsense': was expecting");
        } finally {
            main.completed();
        }
    }
}
