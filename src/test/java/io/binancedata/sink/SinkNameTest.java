package io.binancedata.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sinks are named in metrics by their URI without query and user information, where secrets live. */
class SinkNameTest {

    @Test
    void shouldKeepSchemeHostPortAndPath() {
        assertThat(SinkName.of("sbe-file:data")).isEqualTo("sbe-file:data");
        assertThat(SinkName.of("sbe-file:/var/lib/bdi/data")).isEqualTo("sbe-file:/var/lib/bdi/data");
        assertThat(SinkName.of("http://127.0.0.1:8080/ingest")).isEqualTo("http://127.0.0.1:8080/ingest");
        assertThat(SinkName.of("jms:queue:binance.trades")).isEqualTo("jms:queue:binance.trades");
    }

    @Test
    void shouldDropTheQuery() {
        assertThat(SinkName.of("jms:queue:binance.trades?connectionFactory=#artemis&password=s3cret"))
                .isEqualTo("jms:queue:binance.trades");
        assertThat(SinkName.of("http://host:8080/ingest?token=s3cret&httpMethod=POST"))
                .isEqualTo("http://host:8080/ingest");
        assertThat(SinkName.of("kafka:trades?brokers=b:9092&saslJaasConfig=RAW(user=\"u\" password=\"p\")"))
                .isEqualTo("kafka:trades");
    }

    @Test
    void shouldDropUserInformation() {
        assertThat(SinkName.of("https://user:pa@ss@host:8443/in/gest?x=1")).isEqualTo("https://host:8443/in/gest");
        assertThat(SinkName.of("https://user:s3cret@host")).isEqualTo("https://host");
        assertThat(SinkName.of("ftp:user:s3cret@host/dir")).isEqualTo("ftp:host/dir");
        assertThat(SinkName.of("http://host/path@v2")).as("an @ in the path is not user information")
                .isEqualTo("http://host/path@v2");
    }
}
