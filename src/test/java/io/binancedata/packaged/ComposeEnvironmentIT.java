package io.binancedata.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.support.ComposeFiles;
import io.binancedata.support.EmbeddedArtemis;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.Fixtures;
import io.binancedata.support.JarProcess;
import io.binancedata.support.MainProcess;
import io.binancedata.support.SbeFiles;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/compose.yaml configures the product by environment variables only. Without a Docker engine, the packaged jar
 * runs with the product service's environment as compose would pass it, the brokers' addresses and the HTTP host
 * replaced, against a real Artemis broker, a real Kafka broker (KRaft, in this JVM) and the fake exchange.
 */
class ComposeEnvironmentIT {
    private static final Path COMPOSE = Path.of("docker/compose.yaml");
    private static final Path JAR = Path.of(System.getProperty("binance.jar", "target/binance-data-integration.jar"));
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOKEN = "compose-test-token";

    @Test
    void shouldSendTradesToArtemisKafkaAndFilesWithTheComposeFileEnvironment(@TempDir Path work) throws Exception {
        Map<String, String> environment =
                ComposeFiles.environment("binance-data", Map.of("BINANCE_CONTROL_TOKEN", TOKEN,
                        "ARTEMIS_PASSWORD", "compose-test-password"), COMPOSE);
        assertThat(environment.get("BINANCE_SINK_TRADE")).endsWith(",kafka:binance.trade?brokers=kafka:9092");
        assertThat(environment.get("BINANCE_SINK_KLINE")).endsWith(",kafka:binance.kline?brokers=kafka:9092");
        assertThat(environment).containsEntry("CAMEL_BEANS_ARTEMIS_BROKERURL", "tcp://artemis:61616")
                .containsEntry("CAMEL_BEANS_ARTEMIS_USER", "artemis").containsEntry("CAMEL_MANAGEMENT_HOST", "0.0.0.0")
                .containsEntry("CAMEL_SERVER_HOST", "0.0.0.0");
        try (FakeExchange exchange = FakeExchange.start(
                FakeExchangeOptions.defaults().loop(false).tape(Fixtures.btcusdtTape()));
             EmbeddedArtemis broker = new EmbeddedArtemis(work.resolve("artemis"), "binance.trades", "binance.klines");
             EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("binance.trade", 3);
            kafka.createTopic("binance.kline", 1);
            environment.put("CAMEL_BEANS_ARTEMIS_BROKERURL", broker.url());
            for (String sinks : List.of("BINANCE_SINK_TRADE", "BINANCE_SINK_KLINE")) {
                environment.put(sinks, environment.get(sinks).replace("brokers=kafka:9092",
                        "brokers=" + kafka.bootstrapServers()));
            }
            environment.put("CAMEL_MANAGEMENT_HOST", "127.0.0.1");
            environment.put("CAMEL_SERVER_HOST", "127.0.0.1");
            int port = MainProcess.freePort();
            int managementPort = MainProcess.freePort();
            List<String> command = JarProcess.javaCommand();
            command.addAll(List.of("-Dcamel.server.port=" + port, "-Dcamel.management.port=" + managementPort,
                    "-Dbinance.ws-url=" + exchange.wsUrl(),
                    "-Dbinance.rest-url=" + exchange.restUrl(), "-jar", JAR.toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("product.log").toFile());
            builder.environment().putAll(environment);
            builder.environment().put("LANG", "C.UTF-8");
            Process process = builder.start();
            try (JMSContext context = broker.connectionFactory().createContext();
                 JMSConsumer consumer = context.createConsumer(context.createQueue("binance.trades"))) {
                BytesMessage message = null;
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (message == null && process.isAlive() && System.nanoTime() < deadline) {
                    message = (BytesMessage) consumer.receive(250);
                }
                assertThat(message).as(log(work)).isNotNull();
                byte[] body = message.getBody(byte[].class);
                JsonNode trade = SbeFiles.decode(new UnsafeBuffer(body), 0, body.length);
                assertThat(trade.get("tradeId").asLong()).isEqualTo(Fixtures.BTCUSDT_FIRST_ID);
                assertThat(message.getStringProperty("BinanceStreamId")).isEqualTo("trade-btcusdt");
                await().atMost(TIMEOUT).until(() -> Files.isRegularFile(work.resolve("data/trade/BTCUSDT/2024-08-08.sbe")));
                await().atMost(TIMEOUT).until(() -> kafka.count("binance.trade") > 0);
                ConsumerRecord<String, byte[]> record = kafka.records("binance.trade").get(0);
                assertThat(record.key()).isEqualTo("BTCUSDT");
                assertThat(SbeFiles.decode(new UnsafeBuffer(record.value()), 0, record.value().length).get("tradeId")
                        .asLong()).isEqualTo(Fixtures.BTCUSDT_FIRST_ID);

                String start = "{\"kind\":\"trade\",\"symbols\":[\"BTCUSDT\"]}";
                assertThat(post(port, start, null).statusCode()).isEqualTo(401);
                assertThat(post(port, start, TOKEN).statusCode()).as("already running").isEqualTo(409);
                assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + managementPort + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(200);
            } finally {
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void shouldRefuseToStartWithoutAControlToken() {
        assertThatThrownBy(() -> ComposeFiles.environment("binance-data", Map.of("ARTEMIS_PASSWORD", "pw"), COMPOSE))
                .hasMessage("BINANCE_CONTROL_TOKEN: set BINANCE_CONTROL_TOKEN, see docker/compose.yaml");
        assertThatThrownBy(() -> ComposeFiles.environment("binance-data", Map.of("BINANCE_CONTROL_TOKEN", "t"),
                COMPOSE)).as("no broker password of the compose file's own: a known one would open the broker")
                .hasMessage("ARTEMIS_PASSWORD: set ARTEMIS_PASSWORD, see docker/compose.yaml");
        assertThatThrownBy(() -> ComposeFiles.environment("artemis", Map.of(), COMPOSE))
                .hasMessage("ARTEMIS_PASSWORD: set ARTEMIS_PASSWORD, see docker/compose.yaml");
    }

    private static HttpResponse<String> post(int port, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/streams"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String log(Path work) throws IOException {
        Path log = work.resolve("product.log");
        return Files.exists(log) ? String.join("\n", Files.readAllLines(log)) : "";
    }
}
