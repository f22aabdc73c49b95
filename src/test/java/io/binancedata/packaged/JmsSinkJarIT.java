package io.binancedata.packaged;

import static io.binancedata.support.JarProcess.JAR;
import static io.binancedata.support.JarProcess.java;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.embedded.TradeStreamEndToEndTest;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.support.EmbeddedArtemis;
import io.binancedata.support.Fixtures;
import io.binancedata.support.MainProcess;
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
 * The packaged jar's JMS sink configured as README "Sinks" shows it, by properties only. A class of its own (it was
 * part of {@link RunnableJarIT}) so that failsafe's two JVMs run it beside the other ITs: with a connection per send
 * it takes over a minute on its own.
 */
class JmsSinkJarIT {
    private static FakeExchange exchange;

    @BeforeAll
    static void startExchange() {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false).tape(Fixtures.btcusdtTape()));
    }

    @AfterAll
    static void stopExchange() {
        exchange.close();
    }

    /** The jar on free ports against the fake exchange, with {@code properties}. */
    private static List<String> product(String... properties) {
        List<String> args = new ArrayList<>(List.of("-Dcamel.server.port=" + MainProcess.freePort(),
                "-Dcamel.management.port=" + MainProcess.freePort(), "-Dbinance.ws-url=" + exchange.wsUrl(),
                "-Dbinance.rest-url=" + exchange.restUrl()));
        args.addAll(List.of(properties));
        args.add("-jar");
        args.add(JAR.toString());
        return args;
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

    private static String log(Path work) {
        try {
            Path log = work.resolve("product.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
