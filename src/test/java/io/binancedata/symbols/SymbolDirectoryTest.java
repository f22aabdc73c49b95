package io.binancedata.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.config.BinanceSettings;
import io.binancedata.config.Setting;
import io.binancedata.limits.HostGate;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import io.binancedata.stream.SymbolShape;
import io.binancedata.support.LogCapture;
import io.binancedata.support.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SymbolDirectoryTest {
    private static final String BODY = SharedData.exchangeInfo();

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v3/exchangeInfo", exchange -> {
            requests.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (status == 200 ? BODY : "{\"code\":-1003,\"msg\":\"busy\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** A client with a gate of its own: the default budget and wait of the {@code binance.limits.*} keys. */
    private ExchangeInfoClient client(Duration timeout) {
        URI restUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        BinanceSettings defaults = BinanceSettings.of(Map.of());
        return new ExchangeInfoClient(new RestHost(new RestTransport(HttpClient.newHttpClient(), timeout), restUrl,
                new HostGate(restUrl.getAuthority(), defaults.restWeightPerMinute(), Clock.systemUTC()),
                defaults.duration(Setting.LIMITS_REST_MAX_WAIT)));
    }

    private SymbolDirectory directory(AtomicLong clock) {
        return new SymbolDirectory(client(Duration.ofSeconds(5))::fetchListings, Duration.ofMinutes(120), clock::get);
    }

    @Test
    void shouldListOnlyTradingSymbolsOfTheRecordedExchangeInfo() {
        SymbolDirectory directory = directory(new AtomicLong());
        assertThat(directory.tradingSymbols()).hasSize(1262).contains("BTCUSDT", "ETHBTC");
    }

    @Test
    void shouldValidateCaseInsensitivelyAndDeduplicate() {
        SymbolDirectory directory = directory(new AtomicLong());
        assertThat(directory.validate(List.of("btcusdt", "BTCUSDT", " EthBtc "))).containsExactly("BTCUSDT", "ETHBTC");
    }

    @Test
    void shouldRejectAllOrNothingNamingEveryInvalidSymbol() {
        SymbolDirectory directory = directory(new AtomicLong());
        String breakSymbol = "BCCBTC";
        assertThat(BODY).contains("\"symbol\":\"" + breakSymbol + "\",\"status\":\"BREAK\"");
        assertThatThrownBy(() -> directory.validate(List.of("BTCUSDT", "NOPE", breakSymbol)))
                .isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) NOPE, BCCBTC: NOPE is not listed; BCCBTC is BREAK, not TRADING")
                .satisfies(e -> assertThat(((InvalidSymbolException) e).symbols()).containsExactly("NOPE", breakSymbol));
    }

    /** The listing is not trusted: a listed symbol of a bad shape is left out and refused like any other. */
    @Test
    void shouldRefuseListedSymbolsOfABadShape() {
        AtomicLong clock = new AtomicLong();
        SymbolListing trading = new SymbolListing("TRADING", "USDT");
        SymbolDirectory directory = new SymbolDirectory(() -> Map.of("BTCUSDT", trading, "A/B", trading,
                "X Y", trading, "币安人生USDT", trading), Duration.ofMinutes(120), clock::get);
        try (LogCapture log = new LogCapture(SymbolDirectory.class)) {
            assertThat(directory.tradingSymbols()).containsExactly("BTCUSDT", "币安人生USDT");
            assertThat(directory.validate(List.of("币安人生usdt"))).containsExactly("币安人生USDT");
            assertThatThrownBy(() -> directory.validate(List.of("BTCUSDT", "a/b", "X Y")))
                    .isInstanceOf(InvalidSymbolException.class)
                    .hasMessage("Invalid symbol(s) a/b, X Y: " + SymbolShape.RULE);
            assertThat(log.events()).hasSize(1).allMatch(e -> e.startsWith("WARN exchangeInfo lists 2 symbol(s) "
                    + "without a symbol's shape (" + SymbolShape.RULE + "), left out: "));
            assertThat(log.events().get(0)).contains("A/B").contains("X Y");
        }
    }

    @Test
    void shouldRejectAnEmptyList() {
        assertThatThrownBy(() -> directory(new AtomicLong()).validate(List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("No symbols given");
    }

    @Test
    void shouldCacheForTheTimeToLiveThenFetchAgain() {
        AtomicLong clock = new AtomicLong();
        SymbolDirectory directory = directory(clock);
        directory.tradingSymbols();
        clock.addAndGet(Duration.ofMinutes(119).toNanos());
        directory.validate(List.of("BTCUSDT"));
        assertThat(requests.get()).isEqualTo(1);
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        directory.validate(List.of("BTCUSDT"));
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void shouldFetchOnceForConcurrentCallers() throws Exception {
        SymbolDirectory directory = directory(new AtomicLong());
        gate = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> directory.tradingSymbols().size()));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= 1);
            gate.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(1262);
            }
            assertThat(requests.get()).isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void shouldReportAnHttpErrorStatus() {
        status = 503;
        assertThatThrownBy(() -> directory(new AtomicLong()).tradingSymbols())
                .isInstanceOf(ExchangeUnavailableException.class)
                .hasMessageEndingWith("/api/v3/exchangeInfo answered HTTP 503 (Binance code -1003: busy)");
    }

    @Test
    void shouldReportATimeout() {
        gate = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> client(Duration.ofMillis(300)).fetchListings())
                    .isInstanceOf(ExchangeUnavailableException.class)
                    .hasMessageContaining("timed out after 300 ms");
        } finally {
            gate.countDown();
        }
    }
}
