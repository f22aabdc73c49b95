package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.binancedata.BeanWiring;
import io.binancedata.BinanceData;
import io.binancedata.config.BinanceSettings;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.spool.SpoolEndpoint;
import io.binancedata.stream.DurableWrites;
import io.binancedata.support.EmbeddedArtemis;
import io.binancedata.support.Fixtures;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same trades delivered at once to a file, an ActiveMQ Artemis broker over TCP, and an HTTP server. */
class SinksTest {
    private static final int TRADES = 500;

    @TempDir
    Path dir;
    private EmbeddedArtemis broker;
    private HttpServer http;
    private final LinkedBlockingQueue<Posted> posted = new LinkedBlockingQueue<>();
    /** Requests the HTTP sink answers with 503 before it recovers. */
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private FakeExchange exchange;

    record Posted(String method, String contentPath, Headers headers, byte[] body) {
    }

    @BeforeEach
    void startBrokerAndHttpServer() throws Exception {
        broker = new EmbeddedArtemis(dir.resolve("artemis"), "binance.trades");

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/ingest", exchange -> {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                posted.add(new Posted(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.stop(0);
        broker.close();
    }

    @Test
    void shouldDeliverEveryTradeToFileJmsAndHttpSinksInOrder() throws IOException {
        List<String> source = Fixtures.btcusdtPayloads().subList(0, TRADES);
        ActiveMQConnectionFactory factory = broker.connectionFactory();
        Map<String, String> settings = Product.settings(startExchange(source), dir);
        settings.put("binance.sink.trade", "sbe-file:" + dir + ",jms:queue:binance.trades?connectionFactory=#artemis,"
                + "http://127.0.0.1:" + http.getAddress().getPort() + "/ingest");
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings),
                camel -> camel.getRegistry().bind("artemis", factory))) {
            binance.startTradeData(List.of("BTCUSDT"));
            await().atMost(Duration.ofSeconds(60)).until(() -> posted.size() >= TRADES);
            // the JMS sink (a connection per send) may still be catching up from its spool, which a stop leaves as it
            // is: wait until the broker has every trade, so that the stop cannot cut its delivery short
            SpoolEndpoint jms = binance.camelContext().getEndpoints().stream().filter(SpoolEndpoint.class::isInstance)
                    .map(SpoolEndpoint.class::cast).filter(e -> e.getDelegate().startsWith("jms:")).findFirst()
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> jms.getDeliveredCount() + jms.getRedeliveredCount() >= TRADES);
            assertThat(binance.stream("trade-btcusdt").orElseThrow().deadLettered()).isZero();
            assertThat(binance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.DURABLE_WRITES,
                    DurableWrites.class).size()).as("the file sink and the two spools, forced before checkpoints")
                    .isEqualTo(3);
        } finally {
            exchange.close();
        }

        List<JsonNode> fromFile = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        TradeStreamEndToEndTest.assertTradesEqualSource(fromFile, source, "BTCUSDT");

        List<byte[]> fromHttp = new ArrayList<>();
        for (Posted p : posted) {
            assertThat(p.method()).isEqualTo("POST");
            assertThat(p.headers().getFirst("BinanceStream")).isEqualTo("btcusdt@trade");
            assertThat(p.headers().getFirst("BinanceSymbol")).isEqualTo("BTCUSDT");
            fromHttp.add(p.body());
        }
        TradeStreamEndToEndTest.assertTradesEqualSource(decodeAll(fromHttp), source, "BTCUSDT");

        List<byte[]> fromJms = new ArrayList<>();
        try (JMSContext context = factory.createContext();
             JMSConsumer consumer = context.createConsumer(context.createQueue("binance.trades"))) {
            for (int i = 0; i < TRADES; i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("JMS message #" + i).isInstanceOf(BytesMessage.class);
                assertThat(message.getStringProperty("BinanceStream")).isEqualTo("btcusdt@trade");
                assertThat(message.getStringProperty("BinanceSymbol")).isEqualTo("BTCUSDT");
                assertThat(message.getStringProperty("BinanceKind")).isEqualTo("trade");
                assertThat(message.getLongProperty("BinanceEventTime"))
                        .isEqualTo(SbeFiles.parse(source.get(i)).get("E").asLong() * 1000);
                fromJms.add(message.getBody(byte[].class));
            }
            assertThat(consumer.receiveNoWait()).isNull();
        } catch (jakarta.jms.JMSException e) {
            throw new IOException(e);
        }
        TradeStreamEndToEndTest.assertTradesEqualSource(decodeAll(fromJms), source, "BTCUSDT");
        for (int i = 0; i < TRADES; i++) {
            assertThat(fromJms.get(i)).isEqualTo(fromHttp.get(i));
        }
    }

    @Test
    void shouldSpoolWhileTheHttpSinkFailsAndDeliverEverythingInOrderWhenItRecovers() {
        List<String> source = Fixtures.btcusdtPayloads().subList(0, TRADES);
        failuresLeft.set(8);
        Map<String, String> settings = Product.settings(startExchange(source), dir);
        settings.put("binance.sink.trade", "http://127.0.0.1:" + http.getAddress().getPort() + "/ingest");
        try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
            binance.startTradeData(List.of("BTCUSDT"));
            await().atMost(Duration.ofSeconds(60)).until(() -> posted.size() >= TRADES);
            SpoolEndpoint spool = binance.camelContext().getEndpoints().stream()
                    .filter(SpoolEndpoint.class::isInstance).map(SpoolEndpoint.class::cast).findFirst().orElseThrow();
            assertThat(spool.getSpooledCount()).as("messages that went through the spool").isPositive();
            assertThat(spool.getSpoolDepth()).isZero();
            assertThat(binance.stream("trade-btcusdt").orElseThrow().deadLettered()).isZero();
        } finally {
            exchange.close();
        }
        assertThat(failuresLeft.get()).isZero();
        List<byte[]> bodies = posted.stream().map(Posted::body).toList();
        TradeStreamEndToEndTest.assertTradesEqualSource(decodeAll(bodies), source, "BTCUSDT");
    }

    @Test
    void shouldPostWholeFramedBatchesToASinkWithBinanceBatchWithAndWithoutTheSpool() throws IOException {
        List<String> source = Fixtures.btcusdtPayloads().subList(0, TRADES);
        for (String spool : List.of("true", "false")) {
            posted.clear();
            Map<String, String> settings = Product.settings(startExchange(source), dir.resolve("spool-" + spool));
            settings.put("binance.sink.spool", spool);
            settings.put("binance.sink.trade", "http://127.0.0.1:" + http.getAddress().getPort()
                    + "/ingest?binanceBatch=true&httpMethod=POST");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                binance.startTradeData(List.of("BTCUSDT"));
                await().atMost(Duration.ofSeconds(60)).until(() -> posted.stream()
                        .mapToInt(p -> Integer.parseInt(p.headers().getFirst("BinanceMessageCount"))).sum() >= TRADES);
            } finally {
                exchange.close();
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            long expectedFirst = SbeFiles.parse(source.get(0)).get("t").asLong();
            for (Posted p : posted) {
                int count = Integer.parseInt(p.headers().getFirst("BinanceMessageCount"));
                assertThat(Long.parseLong(p.headers().getFirst("BinanceFirstSequence"))).isEqualTo(expectedFirst);
                assertThat(Long.parseLong(p.headers().getFirst("BinanceLastSequence")))
                        .isEqualTo(expectedFirst + count - 1);
                assertThat(p.headers().getFirst("BinanceStream")).isEqualTo("btcusdt@trade");
                expectedFirst += count;
                all.write(p.body());
            }
            Path framed = Files.write(dir.resolve("posted-" + spool + ".sbe"), all.toByteArray());
            TradeStreamEndToEndTest.assertTradesEqualSource(SbeFiles.decode(framed), source, "BTCUSDT");
            assertThat(posted.size()).as("batches, not events").isLessThan(TRADES);
        }
    }

    /** The sink URI's own query (here the HTTP method) reaches the sink whether a spool guards it or not. */
    @Test
    void shouldSendEachEventToASinkUriWithAQueryWithAndWithoutTheSpool() {
        List<String> source = Fixtures.btcusdtPayloads().subList(0, TRADES);
        for (String spool : List.of("true", "false")) {
            posted.clear();
            Map<String, String> settings = Product.settings(startExchange(source), dir.resolve("query-" + spool));
            settings.put("binance.sink.spool", spool);
            settings.put("binance.sink.trade", "http://127.0.0.1:" + http.getAddress().getPort()
                    + "/ingest?httpMethod=PUT");
            try (BinanceData binance = BinanceData.start(BinanceSettings.of(settings))) {
                binance.startTradeData(List.of("BTCUSDT"));
                await().atMost(Duration.ofSeconds(60)).until(() -> posted.size() >= TRADES);
                assertThat(binance.stream("trade-btcusdt").orElseThrow().deadLettered()).isZero();
            } finally {
                exchange.close();
            }
            assertThat(posted).as("spool " + spool).extracting(Posted::method).containsOnly("PUT");
            TradeStreamEndToEndTest.assertTradesEqualSource(decodeAll(posted.stream().map(Posted::body).toList()),
                    source, "BTCUSDT");
        }
    }

    private FakeExchange startExchange(List<String> frames) {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("BTCUSDT", frames)));
        return exchange;
    }

    private static List<JsonNode> decodeAll(List<byte[]> messages) {
        return messages.stream().map(m -> SbeFiles.decode(new UnsafeBuffer(m), 0, m.length)).toList();
    }
}
