package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class KafkaSinkComponentTest {
    @Test
    void shouldAddEveryProductDefaultTheUriDoesNotSet() {
        assertThat(KafkaSinkComponent.withDefaults("kafka:binance.trade")).isEqualTo("kafka:binance.trade"
                + "?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&keySerializer=org.apache.kafka.common.serialization.StringSerializer"
                + "&enableIdempotence=true&requestRequiredAcks=all&compressionCodec=lz4&useIterator=true"
                + "&batchWithIndividualHeaders=true&maxBlockMs=5000&requestTimeoutMs=4000&deliveryTimeoutMs=5000");
    }

    @Test
    void shouldKeepWhatTheUriSetsWhateverTheCaseOfItsName() {
        String uri = KafkaSinkComponent.withDefaults(
                "kafka:t?compressioncodec=gzip&brokers=b:9092&deliveryTimeoutMs=30000");
        assertThat(uri).startsWith("kafka:t?compressioncodec=gzip&brokers=b:9092&deliveryTimeoutMs=30000&")
                .doesNotContain("compressionCodec=lz4").doesNotContain("deliveryTimeoutMs=5000")
                .contains("&enableIdempotence=true&requestRequiredAcks=all&");
    }

    @Test
    void shouldWrapTheUriWithTheTopicAsTheEndpointName() {
        assertThat(KafkaSinkComponent.wrap("kafka:binance.kline?brokers=b:9092", true))
                .startsWith("binance-kafka:binance.kline?delegate=RAW(kafka:binance.kline?brokers=b:9092&")
                .endsWith(")&batch=true");
    }

    /**
     * Broker authentication is set on Camel's kafka component (a {@code kafka:} sink URI cannot hold {@code ')'}, which
     * a JAAS configuration in {@code RAW(...)} needs): the sink's own clients, made from the camel-kafka endpoint's
     * configuration (a cluster's group producers, the take-over's reader), carry it, with the endpoint's brokers.
     */
    @Test
    void shouldGiveTheProductsOwnKafkaClientsTheSecuritySettingsOfTheKafkaComponent() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            KafkaComponent kafka = new KafkaComponent();
            kafka.getConfiguration().setSecurityProtocol("SASL_SSL");
            kafka.getConfiguration().setSaslMechanism("PLAIN");
            kafka.getConfiguration().setSaslJaasConfig("org.apache.kafka.common.security.plain.PlainLoginModule "
                    + "required username=\"u\" password=\"p\";");
            camel.addComponent("kafka", kafka);
            camel.start();
            KafkaConfiguration endpoint = camel.getEndpoint("kafka:binance.trade?brokers=b1:9092",
                    KafkaEndpoint.class).getConfiguration();

            for (Properties client : List.of(endpoint.createProducerProperties(), endpoint.createConsumerProperties())) {
                Properties withBrokers = KafkaSinkComponent.withBrokers(endpoint, client);
                assertThat(withBrokers).containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "PLAIN")
                        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                                + "required username=\"u\" password=\"p\";")
                        .containsEntry("bootstrap.servers", "b1:9092");
            }
        }
    }
}
