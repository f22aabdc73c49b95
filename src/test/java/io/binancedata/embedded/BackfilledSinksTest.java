package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.ReplayMode;
import io.binancedata.spool.SpoolEndpoint;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.EmbeddedArtemis;
import io.binancedata.support.Fixtures;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * A gap filled over REST is marked on every sink: in the files each backfilled trade says {@code source BACKFILL} and
 * has no event time; a JMS queue and an HTTP service, both behind the default spool, get {@code BinanceBackfilled=true}
 * and no {@code BinanceEventTime} on exactly those trades, and the live ones neither flag nor a missing event time.
 * The HTTP service answers 503 until the gap has been filled, so everything up to then — the backfilled trades
 * included — reaches it from the spool's files.
 */
class BackfilledSinksTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String QUEUE = "binance.trades";

    @TempDir
    Path dir;
    private EmbeddedArtemis broker;
    private HttpServer http;
    private FakeExchange exchange;
    private BinanceData binance;
    private CachingConnectionFactory sending;
    private final AtomicBoolean httpDown = new AtomicBoolean(true);
    private final LinkedBlockingQueue<Posted> posted = new LinkedBlockingQueue<>();

    record Posted(Headers headers, JsonNode trade) {
    }

    @BeforeEach
    void startBrokerAndHttpService() throws Exception {
        broker = new EmbeddedArtemis(dir.resolve("artemis"), QUEUE);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/ingest", request -> {
            byte[] body;
            try (InputStream in = request.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (httpDown.get()) {
                request.sendResponseHeaders(503, -1);
            } else {
                posted.add(new Posted(request.getRequestHeaders(),
                        SbeFiles.decode(new UnsafeBuffer(body), 0, body.length)));
                request.sendResponseHeaders(204, -1);
            }
            request.close();
        });
        http.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (binance != null) {
            binance.close();
        }
        if (sending != null) {
            sending.destroy();
        }
        if (exchange != null) {
            exchange.close();
        }
        http.stop(0);
        broker.close();
    }

    @Test
    void shouldMarkBackfilledTradesInTheFilesAndOnJmsAndHttpSinksThroughTheSpool() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(20).replayMode(ReplayMode.GLOBAL_CLOCK)
                .loop(false).pingInterval(Duration.ofMillis(300)).tape(Fixtures.btcusdtTape()));
        exchange.faults().resetAfterFrames(100, 1);
        Map<String, String> settings = Product.settings(exchange, dir);
        settings.put("binance.reconnect.delay", "500ms");
        // the JMS sink must not be spooled for being slow: it would still be catching up when the product stops, and
        // this test reads every JMS message right after the stop
        settings.put("binance.sink.slow-delivery", "1m");
        settings.put("binance.sink.trade", "sbe-file:" + dir + ",jms:queue:" + QUEUE + "?connectionFactory=#artemis,"
                + "http://127.0.0.1:" + http.getAddress().getPort() + "/ingest");
        ActiveMQConnectionFactory factory = broker.connectionFactory();
        // one connection for all sends, as a deployment configures it: with a connection per send (a bare factory)
        // the stop had to wait for thousands of connections, over the shutdown timeout on a busy machine
        sending = new CachingConnectionFactory(factory);
        binance = BinanceData.start(BinanceSettings.of(settings),
                camel -> camel.getRegistry().bind("artemis", sending));

        binance.startTradeData(List.of("BTCUSDT"));
        StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
        await().atMost(TIMEOUT).until(() -> status.backfilled() > 0 && status.state() == StreamState.STREAMING
                && status.messages() > status.backfilled() + 200);
        long deliveredWhileHttpWasDown = status.messages();
        httpDown.set(false);
        SpoolEndpoint httpSpool = httpSpool();
        await().atMost(TIMEOUT).until(() -> posted.size() >= deliveredWhileHttpWasDown);
        long spooled = httpSpool.getSpooledCount();
        assertThat(status.gapsUnfilled()).isZero();
        assertThat(status.deadLettered()).isZero();
        binance.close(); // graceful: every frame read reaches the sinks, the files are closed
        binance = null;

        List<JsonNode> files = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        assertThat(files).hasSize((int) status.messages());
        Set<Long> backfilled = files.stream().filter(t -> "BACKFILL".equals(t.get("source").asText()))
                .map(t -> t.get("tradeId").asLong()).collect(Collectors.toSet());
        assertThat(backfilled).hasSize((int) status.backfilled());
        long firstId = files.get(0).get("tradeId").asLong();
        int lastBackfilled = 0;
        for (int i = 0; i < files.size(); i++) {
            JsonNode trade = files.get(i);
            assertThat(trade.get("tradeId").asLong()).as("trade #%d", i).isEqualTo(firstId + i);
            boolean isBackfilled = backfilled.contains(trade.get("tradeId").asLong());
            assertThat(trade.get("eventTime").isNull()).as("trade #%d has no event time", i).isEqualTo(isBackfilled);
            if (isBackfilled) {
                lastBackfilled = i;
            } else {
                assertThat(trade.get("source").asText()).isEqualTo("LIVE");
                assertThat(trade.get("eventTime").asLong()).isPositive();
            }
        }

        List<Posted> overHttp = new ArrayList<>(posted);
        assertThat(overHttp).as("the HTTP service got everything up to the gap and after it")
                .hasSizeGreaterThan(lastBackfilled).hasSizeLessThanOrEqualTo(files.size());
        for (int i = 0; i < overHttp.size(); i++) {
            Posted p = overHttp.get(i);
            JsonNode file = files.get(i);
            assertThat(p.trade()).as("HTTP message #%d", i).isEqualTo(file);
            boolean isBackfilled = backfilled.contains(file.get("tradeId").asLong());
            assertThat(p.headers().getFirst("BinanceBackfilled")).as("HTTP message #%d", i)
                    .isEqualTo(isBackfilled ? "true" : null);
            assertThat(p.headers().getFirst("BinanceEventTime")).as("HTTP message #%d", i)
                    .isEqualTo(isBackfilled ? null : file.get("eventTime").asText());
            assertThat(p.headers().getFirst("BinanceStream")).isEqualTo("btcusdt@trade");
        }
        assertThat(spooled).as("everything up to the last backfilled trade went through the spool")
                .isGreaterThan(lastBackfilled);

        try (JMSContext context = factory.createContext();
             JMSConsumer consumer = context.createConsumer(context.createQueue(QUEUE))) {
            for (int i = 0; i < files.size(); i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("JMS message #%d", i).isNotNull();
                byte[] body = message.getBody(byte[].class);
                JsonNode trade = SbeFiles.decode(new UnsafeBuffer(body), 0, body.length);
                assertThat(trade).as("JMS message #%d", i).isEqualTo(files.get(i));
                boolean isBackfilled = backfilled.contains(trade.get("tradeId").asLong());
                assertThat(message.getObjectProperty("BinanceBackfilled")).as("JMS message #%d", i)
                        .isEqualTo(isBackfilled ? Boolean.TRUE : null);
                assertThat(message.propertyExists("BinanceEventTime")).as("JMS message #%d", i)
                        .isEqualTo(!isBackfilled);
            }
            assertThat(consumer.receiveNoWait()).isNull();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    private SpoolEndpoint httpSpool() {
        return binance.camelContext().getEndpoints().stream().filter(SpoolEndpoint.class::isInstance)
                .map(SpoolEndpoint.class::cast).filter(e -> e.getDelegate().contains("/ingest")).findFirst()
                .orElseThrow();
    }
}
