package io.binancedata.embedded;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BeanWiring;
import io.binancedata.control.HostGuard;
import io.binancedata.control.HttpControl;
import io.binancedata.control.StreamManager;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamListener;
import io.binancedata.stream.StreamStatus;
import io.binancedata.stream.SymbolShape;
import io.binancedata.support.LogCapture;
import io.binancedata.support.MainProcess;
import io.binancedata.support.RawHttp;
import io.binancedata.support.SbeFiles;
import org.apache.camel.ServiceStatus;
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
    /** The route of direct:control (routes/control.yaml). */
    private static final String CONTROL_ROUTE = "binance-control";

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
        startMain(token == null ? Map.of() : Map.of("binance.control.token", token));
    }

    private void startMain(Map<String, String> extra) {
        managementPort = MainProcess.freePort();
        Map<String, String> overrides = MainProcess.settings(exchange, dir, managementPort);
        port = Integer.parseInt(overrides.get("camel.server.port"));
        overrides.putAll(extra);
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

    /** The ids of the stream table, as GET /streams lists them. */
    private List<String> ids() throws Exception {
        return json(call("GET", "/streams", null, null)).get("streams").findValuesAsText("id");
    }

    private RawHttp.Response raw(String method, String path, String body, String... headers) {
        return RawHttp.send(port, method, path, body, headers);
    }

    /** The JSON error shape, exactly. */
    private static String error(int status, String error, String message) {
        return "{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        return SbeFiles.parse(response.body());
    }

    @Test
    void shouldListStartAndStopStreams() throws Exception {
        startMain(Map.of());
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

    /** One stream's row by its id, a stopped stream's too; an id no stream has is a 404. */
    @Test
    void shouldShowOneStreamByItsId() throws Exception {
        startMain(Map.of());
        call("POST", "/streams", "{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1h\"]}", null);
        HttpResponse<String> one = call("GET", "/streams/kline-btcusdt-1h", null, null);
        assertThat(one.statusCode()).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        json(one).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(StreamStatus.COLUMNS);
        assertThat(json(one).get("id").asText()).isEqualTo("kline-btcusdt-1h");
        assertThat(json(one).get("stream").asText()).isEqualTo("btcusdt@kline_1h");
        assertThat(json(one).get("state").asText()).isNotEqualTo("STOPPED");

        assertThat(call("DELETE", "/streams/kline-btcusdt-1h", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> stopped = call("GET", "/streams/kline-btcusdt-1h", null, null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(json(stopped).get("state").asText()).isEqualTo("STOPPED");
        assertThat(json(stopped).get("id").asText()).isEqualTo("kline-btcusdt-1h");

        for (String id : List.of("trade-ethusdt", "trade-BTCUSDT", "kline-btcusdt-1m", "trade-btcusdt%00", "nope")) {
            HttpResponse<String> none = call("GET", "/streams/" + id, null, null);
            assertThat(none.statusCode()).as(id).isEqualTo(404);
            assertThat(json(none).get("error").asText()).as(id).isEqualTo("StreamNotActiveException");
        }
        assertThat(call("GET", "/streams/trade-ethusdt", null, null).body()).isEqualTo(
                error(404, "StreamNotActiveException", "Stream(s) not active: trade-ethusdt"));
    }

    /** A table of thousands of rows ({@code *} symbol lists) is read by state, symbol and kind, a page at a time. */
    @Test
    void shouldFilterAndPageTheStreamTable() throws Exception {
        startMain(Map.of());
        call("POST", "/streams", "{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\",\"ETHUSDT\"],\"intervals\":[\"1m\",\"1h\"]}",
                null);
        call("DELETE", "/streams/kline-ethusdt-1h", null, null);

        JsonNode klines = json(call("GET", "/streams?kind=kline&state=connecting,streaming,reconnecting", null, null));
        assertThat(klines.get("total").asInt()).isEqualTo(3);
        assertThat(klines.get("streams").findValuesAsText("id"))
                .containsExactly("kline-btcusdt-1h", "kline-btcusdt-1m", "kline-ethusdt-1m");
        JsonNode stopped = json(call("GET", "/streams?state=STOPPED", null, null));
        assertThat(stopped.get("streams").findValuesAsText("id")).containsExactly("kline-ethusdt-1h");
        JsonNode eth = json(call("GET", "/streams?symbol=ethusdt", null, null));
        assertThat(eth.get("streams").findValuesAsText("id")).containsExactly("kline-ethusdt-1h", "kline-ethusdt-1m");
        JsonNode page = json(call("GET", "/streams?offset=1&limit=2", null, null));
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("streams").findValuesAsText("id")).containsExactly("kline-btcusdt-1m", "kline-ethusdt-1h");
        assertThat(json(call("GET", "/streams?offset=9", null, null)).get("streams")).isEmpty();

        HttpResponse<String> unknown = call("GET", "/streams?sort=id", null, null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo(error(400, "InvalidRequestException",
                "Unknown query parameter 'sort'; GET /streams takes state, symbol, kind, offset, limit"));
        assertThat(call("GET", "/streams?state=RUNNING", null, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/streams?limit=0", null, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/streams?kind=trade&kind=kline", null, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/streams?symbol=a/b", null, null).statusCode()).isEqualTo(400);
    }

    /**
     * HTTP calls the stream manager itself: with the control route for users' routes (direct:control) stopped, every
     * call still answers as before (through that route, each would wait for its consumer and fail with a 500).
     */
    @Test
    void shouldServeEveryCallWhileTheControlRouteIsStopped() throws Exception {
        startMain(Map.of());
        main.camelContext().getRouteController().stopRoute(CONTROL_ROUTE);
        assertThat(main.camelContext().getRouteController().getRouteStatus(CONTROL_ROUTE))
                .isEqualTo(ServiceStatus.Stopped);

        HttpResponse<String> started = call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}", null);
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).isEqualTo("{\"action\":\"start\",\"started\":[\"trade-ethusdt\"],\"alreadyRunning\":[]}");
        assertThat(ids()).containsExactly("trade-btcusdt", "trade-ethusdt");
        HttpResponse<String> stopped = call("DELETE", "/streams/trade-ethusdt", null, null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).isEqualTo("{\"action\":\"stop\",\"stopped\":[\"trade-ethusdt\"]}");
        assertThat(main.camelContext().getRoute("trade-ethusdt")).isNull();
    }

    /** curl -d without -H 'Content-Type: application/json' sends a form: refused with a message saying what to send. */
    @Test
    void shouldRefuseAFormBodyWith415() throws Exception {
        startMain(Map.of());
        String start = "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}";
        HttpResponse<String> form = call(port, "POST", "/streams", start, "application/x-www-form-urlencoded", null);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).get("message").asText()).isEqualTo(
                "Expected a JSON body (Content-Type: application/json), got application/x-www-form-urlencoded");
        HttpResponse<String> plain = call(port, "POST", "/streams", start, "text/plain", null);
        assertThat(plain.statusCode()).as("a browser sends text/plain cross-site without a preflight").isEqualTo(415);
        assertThat(plain.body()).isEqualTo("{\"status\":415,\"error\":\"UnsupportedMediaTypeException\","
                + "\"message\":\"Expected a JSON body (Content-Type: application/json), got text/plain\"}");
        RawHttp.Response none = RawHttp.send(port, "POST", "/streams", start, "Host", "127.0.0.1:" + port);
        assertThat(none.status()).isEqualTo(415);
        assertThat(SbeFiles.parse(none.body()).get("message").asText())
                .isEqualTo("Expected a JSON body (Content-Type: application/json), got no Content-Type");
        assertThat(call(port, "POST", "/streams", start, "Application/JSON; charset=utf-8", null).statusCode())
                .isEqualTo(200);
        assertThat(ids()).containsExactly("trade-btcusdt", "trade-ethusdt");
    }

    @Test
    void shouldAnswerErrorsAsJsonWithStatusCodes() throws Exception {
        startMain(Map.of());
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
     * own engine fell back to with two servers, CAMEL-22937), /observe on camel.management.port. Since Camel 4.18 the
     * product's engine leaves the choice of server to Camel; this test is what shows that Camel chooses right.
     */
    @Test
    void shouldServeControlAndObserveOnTheirOwnServers() throws Exception {
        startMain(Map.of());
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

        HttpResponse<String> ok = call("POST", "/streams", start, "bearer " + TOKEN);
        assertThat(ok.statusCode()).as("the scheme is case-insensitive").isEqualTo(200);
        assertThat(ok.headers().firstValue("Authorization")).isEmpty();
        assertThat(ok.body()).doesNotContain(TOKEN);
        assertThat(call("DELETE", "/streams/trade-ethusdt", null, "BEARER " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/streams", start, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(call(managementPort, "GET", "/observe/health", null, null).statusCode()).isEqualTo(200);
    }

    /**
     * A page on the operator's machine can send a POST to a loopback port without a CORS preflight (a form, text/plain)
     * and, after DNS rebinding, with its own host name in Host: refused, so with no token set a page still cannot
     * start or stop streams. Host headers need a raw socket (the JDK client will not set one).
     */
    @Test
    void shouldRefuseRequestsAWebPageCouldSend() throws Exception {
        startMain(Map.of(HostGuard.ALLOWED_HOSTS_KEY, "binance-data.internal"));
        String start = "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}";
        String host = "127.0.0.1:" + port;
        String crossOrigin = error(403, "Forbidden", "Cross-origin request refused: the Origin is not this server");
        String foreignHost = error(403, "Forbidden", "Host not allowed: call this server as 127.0.0.1 or localhost, "
                + "or list the name you use in binance.control.allowed-hosts");

        RawHttp.Response form = raw("POST", "/streams", start, "Host", host, "Origin", "http://evil.example",
                "Content-Type", "text/plain");
        assertThat(form.status()).isEqualTo(403);
        assertThat(form.header("Content-Type")).isEqualTo("application/json");
        assertThat(form.body()).isEqualTo(crossOrigin);
        assertThat(raw("POST", "/streams", start, "Host", host, "Origin", "http://evil.example",
                "Content-Type", "application/json").body()).isEqualTo(crossOrigin);
        assertThat(raw("DELETE", "/streams/trade-btcusdt", null, "Host", host, "Origin", "null").body())
                .isEqualTo(crossOrigin);
        assertThat(raw("GET", "/streams", null, "Host", host, "Origin", "http://evil.example").status()).isEqualTo(403);

        RawHttp.Response rebound = raw("POST", "/streams", start, "Host", "evil.example:" + port,
                "Content-Type", "application/json");
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).isEqualTo(foreignHost);
        assertThat(raw("GET", "/streams", null, "Host", "evil.example:" + port).body()).isEqualTo(foreignHost);
        assertThat(raw("DELETE", "/streams/trade-btcusdt", null, "Host", "evil.example:" + port).status())
                .isEqualTo(403);
        assertThat(raw("GET", "/streams", null, "Host", "127.0.0.2:" + port).status()).isEqualTo(403);
        RawHttp.Response noHost = raw("GET", "/streams", null);
        assertThat(noHost.status()).as("HTTP/1.1 without Host: Vert.x refuses it").isEqualTo(400);
        assertThat(noHost.body()).isEqualTo(error(400, "BadRequest", "Bad Request"));

        assertThat(raw("GET", "/streams", null, "Host", "localhost:" + port).status()).isEqualTo(200);
        assertThat(raw("GET", "/streams", null, "Host", "binance-data.internal:" + port).status())
                .as(HostGuard.ALLOWED_HOSTS_KEY).isEqualTo(200);
        RawHttp.Response sameOrigin = raw("POST", "/streams", start, "Host", host, "Origin", "http://" + host,
                "Content-Type", "application/json");
        assertThat(sameOrigin.status()).isEqualTo(200);
        assertThat(sameOrigin.body()).isEqualTo("{\"action\":\"start\",\"started\":[\"trade-ethusdt\"],\"alreadyRunning\":[]}");
        assertThat(ids()).containsExactly("trade-btcusdt", "trade-ethusdt");
        assertThat(json(call("GET", "/streams", null, null)).get("streams").findValuesAsText("state"))
                .doesNotContain("STOPPED");
    }

    /** No trailing data, no duplicate key, no null: 400 naming the field, nothing started, nothing logged. */
    @Test
    void shouldReadRequestBodiesStrictly() throws Exception {
        startMain(Map.of());
        try (LogCapture log = new LogCapture("io.binancedata")) {
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("{\"symbols\":[null]}", "Field 'symbols[0]' must be a string, not null");
            refused.put("{\"kind\":\"trade\",\"symbols\":[null]}", "Field 'symbols[0]' must be a string, not null");
            refused.put("{\"kind\":\"kline\",\"symbols\":[\"ETHUSDT\"],\"intervals\":[null]}",
                    "Field 'intervals[0]' must be a string, not null");
            refused.put("{\"kind\":null,\"symbols\":[\"ETHUSDT\"]}", "Field 'kind' must be a string, not null");
            refused.put("{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]} trailing",
                    "Unreadable request body: data after the JSON object");
            refused.put("{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}{\"kind\":\"kline\"}",
                    "Unreadable request body: data after the JSON object");
            refused.put("{\"kind\":\"kline\",\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}",
                    "Unreadable request body: field 'kind' given twice at line 1, column 23");
            refused.put("{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"],\"symbol\":[\"X\"]}",
                    "Unknown field 'symbol' in the request body: expected intervals, kind, symbols");
            for (Map.Entry<String, String> r : refused.entrySet()) {
                HttpResponse<String> answer = call("POST", "/streams", r.getKey(), null);
                assertThat(answer.statusCode()).as(r.getKey()).isEqualTo(400);
                assertThat(answer.body()).as(r.getKey())
                        .isEqualTo(error(400, "InvalidRequestException", r.getValue().replace("\"", "\\\"")));
            }
            assertThat(ids()).containsExactly("trade-btcusdt");
            assertThat(log.events()).noneMatch(e -> e.startsWith("WARN") || e.startsWith("ERROR"));
        }
    }

    /** A client that closes its connection mid-body is the client's event, not a server error: INFO, nothing done. */
    @Test
    void shouldTellAClientThatClosedMidRequestFromAServerError() throws Exception {
        startMain(Map.of());
        try (LogCapture binance = new LogCapture("io.binancedata"); LogCapture vertx = new LogCapture("io.vertx")) {
            RawHttp.abandon(port, "POST", "/streams", 200, "{\"kind\":\"trade\",", "Host", "127.0.0.1:" + port,
                    "Content-Type", "application/json");
            await().atMost(TIMEOUT).until(() -> !binance.eventsContaining("HTTP request").isEmpty());
            assertThat(binance.eventsContaining("HTTP request")).containsExactly("INFO HTTP request POST /streams: the "
                    + "client closed the connection before it was answered (0 repeats not logged since the last "
                    + "report): io.vertx.core.http.HttpClosedException: Connection was closed");
            assertThat(binance.events()).noneMatch(e -> e.startsWith("WARN") || e.startsWith("ERROR"));
            assertThat(vertx.events()).isEmpty();
        }
        assertThat(ids()).as("nothing started").containsExactly("trade-btcusdt");
    }

    @Test
    void shouldMatchStreamIdsExactly() throws Exception {
        startMain(Map.of());
        for (String id : List.of("trade-btcusdt%00", "trade-BTCUSDT", "trade-btcusdt%20", "%20trade-btcusdt",
                "trade-btcusdt%0A", "kline-btcusdt-1m")) {
            HttpResponse<String> answer = call("DELETE", "/streams/" + id, null, null);
            assertThat(answer.statusCode()).as(id).isEqualTo(404);
            assertThat(json(answer).get("error").asText()).as(id).isEqualTo("StreamNotActiveException");
        }
        assertThat(call("DELETE", "/streams/trade-btcusdt%00", null, null).body()).isEqualTo(
                error(404, "StreamNotActiveException", "Stream(s) not active: trade-btcusdt\\\\u0000"));
        assertThat(json(call("GET", "/streams", null, null)).get("streams").findValuesAsText("state"))
                .as("trade-btcusdt still runs").doesNotContain("STOPPED");
        assertThat(call("DELETE", "/streams/trade-btcusdt", null, null).statusCode()).isEqualTo(200);
    }

    /**
     * 404, 405, 413 and 415 from the server itself, not only the routes' errors, in the documented JSON shape; long
     * input cut; no internal class name; the caller's errors are not logged.
     */
    @Test
    void shouldAnswerEveryErrorInTheDocumentedJsonShape() throws Exception {
        startMain(Map.of());
        try (LogCapture binance = new LogCapture("io.binancedata"); LogCapture vertx = new LogCapture("io.vertx");
             LogCapture camel = new LogCapture("org.apache.camel")) {
            HttpResponse<String> unknown = call("GET", "/nope", null, null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo(
                    error(404, "NotFound", "No such path (the control API serves /streams, /streams/{id})"));
            assertThat(json(unknown)).isNotNull();

            HttpResponse<String> put = call("PUT", "/streams", "{}", null);
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
            assertThat(put.body()).isEqualTo(error(405, "MethodNotAllowed",
                    "Method PUT not allowed here; allowed: GET, HEAD, POST"));
            HttpResponse<String> post = call("POST", "/streams/trade-btcusdt", "{}", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("DELETE, GET, HEAD");
            assertThat(json(post).get("status").asInt()).isEqualTo(405);

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> large = call("POST", "/streams",
                        "{\"kind\":\"trade\",\"symbols\":[\"" + "X".repeat(70_000) + "\"]}", null);
                assertThat(large.statusCode()).isEqualTo(413);
                assertThat(large.body()).isEqualTo(error(413, "PayloadTooLarge",
                        "Request body larger than 65536 bytes (camel.server.max-body-size)"));
            }

            HttpResponse<String> huge = call("POST", "/streams",
                    "{\"kind\":\"trade\",\"symbols\":[\"" + "X".repeat(30_000) + "\"]}", null);
            assertThat(huge.statusCode()).isEqualTo(400);
            assertThat(huge.body()).isEqualTo(error(400, "InvalidSymbolException",
                    "Invalid symbol(s) " + "X".repeat(64) + "…: " + SymbolShape.RULE));

            for (HttpResponse<String> r : List.of(unknown, put, post, huge)) {
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(r.body()).doesNotContain("io.binancedata").doesNotContain("java.").doesNotContain("$");
            }
            List<String> events = new ArrayList<>(binance.events());
            events.addAll(vertx.events());
            events.addAll(camel.events());
            assertThat(events).noneMatch(e -> e.startsWith("WARN") || e.startsWith("ERROR"));
        }
    }

    /**
     * A server failure is a 500 in the same shape, its cause logged once however often it recurs, and the start that
     * failed part-way leaves no route and no row behind. The failure is injected through the manager's listener hook.
     */
    @Test
    void shouldAnswerA500AsJsonLogItsCauseOnceAndKeepNothingOfTheFailedStart() throws Exception {
        startMain(Map.of());
        StreamManager manager = main.camelContext().getRegistry()
                .lookupByNameAndType(BeanWiring.STREAM_MANAGER, StreamManager.class);
        manager.addListener(new StreamListener() {
            @Override
            public void started(StreamStatus status) {
                if (status.key().id().equals("kline-btcusdt-5m")) {
                    throw new IllegalStateException("injected failure");
                }
            }

            @Override
            public void removed(String streamId) {
            }
        });
        String start = "{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1m\",\"5m\"]}";
        try (LogCapture log = new LogCapture(HttpControl.class)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> failed = call("POST", "/streams", start, null);
                assertThat(failed.statusCode()).isEqualTo(500);
                assertThat(failed.body()).isEqualTo(
                        error(500, "InternalError", "Internal error; the details are in the server log"));
            }
            assertThat(log.events()).containsExactly("ERROR HTTP control request POST /streams failed (0 repeats not "
                    + "logged since the last report): io.binancedata.api.BinanceDataException: Could not start streams "
                    + "[kline-btcusdt-1m, kline-btcusdt-5m]: injected failure");
            assertThat(log.loggedContaining("HTTP control request").get(0).rootCause())
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage("injected failure");
        }
        assertThat(ids()).containsExactly("trade-btcusdt");
        assertThat(main.camelContext().getRoute("kline-btcusdt-1m")).isNull();
        assertThat(main.camelContext().getRoute("kline-btcusdt-5m")).isNull();
    }

    /**
     * Symbols the exchange lists with a bad shape (A/B, X Y) are refused like any other: 400, no row, nothing that
     * DELETE could not remove.
     */
    @Test
    void shouldRefuseBadlyShapedSymbolsEvenWhenTheExchangeListsThem() throws Exception {
        exchange.close();
        Path info = dir.resolve("exchangeInfo.json");
        Files.writeString(info, "{\"timezone\":\"UTC\",\"serverTime\":0,\"symbols\":["
                + "{\"symbol\":\"A/B\",\"status\":\"TRADING\"},{\"symbol\":\"X Y\",\"status\":\"TRADING\"},"
                + "{\"symbol\":\"..\",\"status\":\"TRADING\"}]}");
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()).exchangeInfoFile(info));
        startMain(Map.of());
        for (String symbol : List.of("A/B", "X Y", "..", "a/b", "BTC\\u0000USDT", "BTC\\nUSDT", "../../etc")) {
            HttpResponse<String> answer = call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"" + symbol + "\"]}",
                    null);
            assertThat(answer.statusCode()).as(symbol).isEqualTo(400);
            assertThat(json(answer).get("error").asText()).as(symbol).isEqualTo("InvalidSymbolException");
            assertThat(json(answer).get("message").asText()).as(symbol).endsWith(": " + SymbolShape.RULE);
        }
        assertThat(call("POST", "/streams", "{\"kind\":\"trade\",\"symbols\":[\"X Y\"]}", null).body())
                .isEqualTo(error(400, "InvalidSymbolException", "Invalid symbol(s) X Y: " + SymbolShape.RULE));
        assertThat(ids()).containsExactly("trade-btcusdt");
        assertThat(call("DELETE", "/streams/trade-x%20y", null, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/streams/trade-a%2Fb", null, null).statusCode()).isEqualTo(404);
    }

    /**
     * Camel's platform-http turns query parameters into message headers: a query may not stand in for a request header
     * (the token in a URL ends up in proxy and access logs; a Content-Type in the query would pass the 415 check) nor
     * for the path's id. Only GET /streams takes a query (its filters); any other request with one is refused, 400.
     */
    @Test
    void shouldRefuseAQueryStandingInForAHeaderOrTheId() throws Exception {
        startMain(TOKEN);
        String start = "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}";
        String refused = error(400, "InvalidRequestException",
                "Only GET /streams takes a query (state, symbol, kind, offset, limit)");
        String bearer = "Bearer%20" + TOKEN;
        RawHttp.Response tokenInUrl = raw("POST", "/streams?Authorization=" + bearer, start, "Host", "127.0.0.1:" + port,
                "Content-Type", "application/json");
        assertThat(tokenInUrl.status()).isEqualTo(400);
        assertThat(tokenInUrl.body()).isEqualTo(refused);
        RawHttp.Response typeInUrl = raw("POST", "/streams?Content-Type=application/json&Authorization=" + bearer,
                start, "Host", "127.0.0.1:" + port);
        assertThat(typeInUrl.body()).isEqualTo(refused);
        assertThat(call("GET", "/streams/trade-btcusdt?id=trade-ethusdt", null, null).body()).isEqualTo(refused);
        assertThat(call("DELETE", "/streams/trade-btcusdt?id=trade-ethusdt", null, "Bearer " + TOKEN).body())
                .isEqualTo(refused);
        assertThat(ids()).containsExactly("trade-btcusdt");
        assertThat(call("GET", "/streams?kind=trade", null, null).statusCode()).isEqualTo(200);
    }

    /** HEAD is answered wherever GET is (RFC 9110): the same status and headers, no body. */
    @Test
    void shouldAnswerHeadWhereverGetIsAnswered() throws Exception {
        startMain(Map.of());
        HttpResponse<String> list = call("HEAD", "/streams", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(list.body()).isEmpty();
        assertThat(call("HEAD", "/streams/trade-btcusdt", null, null).statusCode()).isEqualTo(200);
        assertThat(call("HEAD", "/streams/trade-nosuchusdt", null, null).statusCode()).isEqualTo(404);
        assertThat(call("HEAD", "/streams?state=STREAMING&limit=1", null, null).statusCode())
                .as("with the list's filters, as GET").isEqualTo(200);
    }

    /** A start of more than 3,000 streams is refused at once (400), before any symbol is looked up. */
    @Test
    void shouldRefuseAStartOfMoreThanThreeThousandStreams() throws Exception {
        startMain(Map.of());
        String symbols = IntStream.range(0, 1_001).mapToObj(i -> "\"S" + i + "USDT\"").collect(Collectors.joining(","));
        HttpResponse<String> answer = call("POST", "/streams", "{\"kind\":\"kline\",\"symbols\":[" + symbols
                + "],\"intervals\":[\"1m\",\"5m\",\"1h\"]}", null);
        assertThat(answer.body()).isEqualTo(error(400, "InvalidRequestException", "A request starts at most 3000 "
                + "streams; this one asks for 3003 (1001 symbols, 3 intervals each): send it in parts"));
        assertThat(ids()).containsExactly("trade-btcusdt");
    }

    /** 20 clients starting and stopping one stream at once: every answer is a documented one and the state stays whole. */
    @Test
    void shouldStayConsistentUnderTwentyParallelStartsAndStops() throws Exception {
        startMain(Map.of());
        String start = "{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}";
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                boolean starts = i % 2 == 0;
                answers.add(clients.submit(() -> starts ? call("POST", "/streams", start, null).statusCode()
                        : call("DELETE", "/streams/trade-ethusdt", null, null).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isIn(200, 404, 409);
            }
        } finally {
            clients.shutdownNow();
        }
        boolean routed = main.camelContext().getRoute("trade-ethusdt") != null;
        assertThat(call("DELETE", "/streams/trade-ethusdt", null, null).statusCode()).isEqualTo(routed ? 200 : 404);
        assertThat(main.camelContext().getRoute("trade-ethusdt")).isNull();
        assertThat(call("POST", "/streams", start, null).body())
                .isEqualTo("{\"action\":\"start\",\"started\":[\"trade-ethusdt\"],\"alreadyRunning\":[]}");
        assertThat(ids()).containsExactly("trade-btcusdt", "trade-ethusdt");
    }
}
