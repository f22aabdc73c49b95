package io.binancedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.MainProcess;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP control API of the shipped Camel Main configuration (only the two ports overridden: the control API on
 * Camel Main's HTTP server, {@code /observe} on the management server), driven with the JDK HTTP client.
 */
class HttpControlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private MainProcess main;
    private int port;
    private int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startExchange() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()));
    }

    private void startMain(String token) {
        managementPort = MainProcess.freePort();
        Map<String, String> overrides = MainProcess.settings(exchange, dir, managementPort);
        port = Integer.parseInt(overrides.get("camel.server.port"));
        if (token != null) {
            overrides.put("binance.control.token", token);
        }
        main = MainProcess.start(overrides, TIMEOUT);
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.close();
        }
        exchange.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        return call(port, method, path, body, authorization);
    }

    private HttpResponse<String> call(int serverPort, String method, String path, String body, String authorization)
            throws Exception {
        return call(serverPort, method, path, body, "application/json", authorization);
    }

    private HttpResponse<String> call(int serverPort, String method, String path, String body, String contentType,
            String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        return SbeFiles.parse(response.body());
    }

    @Test
    void shouldListStartAndStopStreams() throws Exception {
        startMain(null);
        HttpResponse<String> list = call("GET", "/streams", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("streams").findValuesAsText("id")).containsExactly("trade-btcusdt");
        List<String> fields = new ArrayList<>();
        json(list).get("streams").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(StreamStatus.COLUMNS);

        HttpResponse<String> started = call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"ethusdt\",\"BTCUSDT\"]}", null);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).isEqualTo(
                "{\"action\":\"start\",\"started\":[\"trade-ethusdt\"],\"alreadyRunning\":[\"trade-btcusdt\"]}");
        HttpResponse<String> again = call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("alreadyRunning").toString()).isEqualTo("[\"trade-ethusdt\"]");
        HttpResponse<String> klines = call("POST", "/streams",
                "{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1m\",\"1h\"]}", null);
        assertThat(klines.statusCode()).isEqualTo(200);
        assertThat(json(klines).get("started").toString()).isEqualTo("[\"kline-btcusdt-1m\",\"kline-btcusdt-1h\"]");

        HttpResponse<String> stopped = call("DELETE", "/streams/kline-btcusdt-1h", null, null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).isEqualTo("{\"action\":\"stop\",\"stopped\":[\"kline-btcusdt-1h\"]}");
        assertThat(call("DELETE", "/streams/trade-ethusdt", null, null).statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/streams", null, null)).get("streams").findValuesAsText("id"))
                .containsExactly("kline-btcusdt-1h", "kline-btcusdt-1m", "trade-btcusdt", "trade-ethusdt");
    }

    /** curl -d without -H 'Content-Type: application/json' sends a form: refused with a message saying what to send. */
    @Test
    void shouldRefuseAFormBodyWith415() throws Exception {
        startMain(null);
        String start = "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}";
        HttpResponse<String> form = call(port, "POST", "/streams", start, "application/x-www-form-urlencoded", null);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).get("message").asText()).isEqualTo(
                "Expected a JSON body (Content-Type: application/json), got application/x-www-form-urlencoded");
        HttpResponse<String> plain = call(port, "POST", "/streams", start, "text/plain", null);
        assertThat(plain.statusCode()).as("any other type is read as JSON").isEqualTo(200);
        assertThat(call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"" + "X".repeat(70_000) + "\"]}", null)
                .statusCode()).as("camel.server.max-body-size").isEqualTo(413);
    }

    @Test
    void shouldAnswerErrorsAsJsonWithStatusCodes() throws Exception {
        startMain(null);
        HttpResponse<String> invalid = call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"BCCBTC\"]}", null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("error").asText()).isEqualTo("InvalidSymbolException");
        assertThat(json(invalid).get("message").asText()).contains("BCCBTC is BREAK, not TRADING");
        HttpResponse<String> badKind = call("POST", "/streams", "{\"kind\":\"candles\",\"symbols\":[\"BTCUSDT\"]}", null);
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(json(badKind).get("error").asText()).isEqualTo("InvalidRequestException");
        assertThat(call("POST", "/streams", "{\"kind\":\"trade\",\"symbol\":[\"BTCUSDT\"]}", null).statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/streams", "not json", null).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/streams", "{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"2d\"]}",
                null).statusCode()).isEqualTo(400);

        HttpResponse<String> notRunning = call("DELETE", "/streams/trade-ethusdt", null, null);
        assertThat(notRunning.statusCode()).isEqualTo(404);
        assertThat(notRunning.body()).isEqualTo("{\"status\":404,\"error\":\"StreamNotActiveException\","
                + "\"message\":\"Stream(s) not active: trade-ethusdt\"}");
        assertThat(call("DELETE", "/streams/no-such-thing", null, null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/streams", "{}", null).statusCode()).isEqualTo(405);
    }

    /**
     * Each server serves only its own part: the control API on camel.server.port (not 8080, the port Camel 4.17.0's
     * own engine falls back to, CAMEL-22937), /observe on camel.management.port.
     */
    @Test
    void shouldServeControlAndObserveOnTheirOwnServers() throws Exception {
        startMain(null);
        assertThat(port).isNotEqualTo(8080).isNotEqualTo(managementPort);
        assertThat(call(port, "GET", "/streams", null, null).statusCode()).isEqualTo(200);
        assertThat(call(managementPort, "GET", "/streams", null, null).statusCode()).isEqualTo(404);
        assertThat(call(managementPort, "GET", "/observe/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call(port, "GET", "/observe/health", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeTheControlApiFromTheManagementServerWhenTheMainServerIsOff() throws Exception {
        managementPort = MainProcess.freePort();
        Map<String, String> overrides = MainProcess.settings(exchange, dir, managementPort);
        overrides.put("camel.server.enabled", "false");
        main = MainProcess.start(overrides, TIMEOUT);
        HttpResponse<String> list = call(managementPort, "GET", "/streams", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("streams").findValuesAsText("id")).containsExactly("trade-btcusdt");
        assertThat(call(managementPort, "GET", "/observe/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRequireTheBearerTokenForMutatingCallsWhenSet() throws Exception {
        startMain(TOKEN);
        String start = "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}";
        HttpResponse<String> missing = call("POST", "/streams", start, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(missing).get("error").asText()).isEqualTo("UnauthorizedException");
        assertThat(missing.body()).doesNotContain(TOKEN);
        HttpResponse<String> wrong = call("POST", "/streams", start, "Bearer nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(call("DELETE", "/streams/trade-btcusdt", null, "Bearer nope").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/streams", null, null).statusCode()).isEqualTo(200);

        HttpResponse<String> ok = call("POST", "/streams", start, "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Authorization")).isEmpty();
        assertThat(ok.body()).doesNotContain(TOKEN);
        assertThat(call("DELETE", "/streams/trade-ethusdt", null, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(call(managementPort, "GET", "/observe/health", null, null).statusCode()).isEqualTo(200);
    }
}
