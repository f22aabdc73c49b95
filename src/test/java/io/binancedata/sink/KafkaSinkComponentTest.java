package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;

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
}
