package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.support.EmbeddedKafka;
import io.binancedata.support.MainProcess;
import io.binancedata.support.SbeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka authentication as the README sets it, end to end: a broker whose listener takes only SASL/PLAIN clients with
 * the right password, and the product run by Camel Main with {@code camel.component.kafka.security-protocol},
 * {@code sasl-mechanism} and {@code sasl-jaas-config} — the password a property placeholder inside the JAAS value —
 * writes every trade there.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSaslTest {
    private static final String USER = "binance";
    private static final String PASSWORD = "s3cret-pw";

    @Test
    void shouldWriteEveryTradeToABrokerThatRequiresSaslWithTheKafkaComponentsCredentials(@TempDir Path dir)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSasl(USER, PASSWORD);
             FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                     .tapes(List.of(TradeTape.bundledBtcusdt())))) {
            kafka.createTopic("binance.trade", 1);
            assertThatThrownBy(() -> topics(kafka.saslBootstrapServers(), "wrong-pw")).as("the listener checks")
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);

            Map<String, String> settings = MainProcess.settings(exchange, dir, MainProcess.freePort());
            settings.put("binance.sink.trade", "kafka:binance.trade?brokers=" + kafka.saslBootstrapServers());
            settings.put("camel.component.kafka.security-protocol", "SASL_PLAINTEXT");
            settings.put("camel.component.kafka.sasl-mechanism", "PLAIN");
            settings.put("camel.component.kafka.sasl-jaas-config", "org.apache.kafka.common.security.plain."
                    + "PlainLoginModule required username=\"" + USER + "\" password=\"{{kafka.test.password}}\";");
            settings.put("kafka.test.password", PASSWORD);
            try (MainProcess main = MainProcess.start(settings, Duration.ofSeconds(60))) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> kafka.count("binance.trade") >= 3000);
            }
            List<ConsumerRecord<String, byte[]>> records = kafka.records("binance.trade");
            assertThat(records).hasSize(3000);
            long first = tradeId(records.get(0));
            for (int i = 0; i < records.size(); i++) {
                assertThat(tradeId(records.get(i))).as("record %d", i).isEqualTo(first + i);
            }
        }
    }

    private static long tradeId(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        return SbeFiles.decode(new UnsafeBuffer(value), 0, value.length).get("tradeId").asLong();
    }

    private static void topics(String bootstrap, String password) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + USER + "\" password=\"" + password + "\";",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }
}
