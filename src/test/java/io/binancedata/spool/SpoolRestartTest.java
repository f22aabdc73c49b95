package io.binancedata.spool;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A CamelContext stopped with messages in the spool, and a new one started on the same spool folder. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpoolRestartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private HttpSink http;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        http = new HttpSink();
        log = new LogCapture("io.binancedata.spool");
    }

    @AfterEach
    void stop() {
        log.close();
        http.close();
    }

    @Test
    void shouldDrainWhatThePreviousRunSpooledBeforeAnyNewMessage() throws Exception {
        String uri = "spool:restart?delegate=RAW(" + http.url() + ")&dir=" + dir
                + "&redeliveryDelay=10&waitDurationInOpenState=1";
        http.mode(HttpSink.Mode.FAIL);
        try (SpoolRoute first = SpoolRoute.to(uri)) {
            HttpSinkOutageTest.sendAll(first, "BTCUSDT", 0, 200);
            assertThat(first.endpoint().getSpoolDepth()).isEqualTo(200);
            assertThat(first.endpoint().getDeliveredCount()).isZero();
        }
        assertThat(HttpSinkOutageTest.segmentFiles(dir.resolve("restart"))).isNotEmpty();
        assertThat(http.receivedCount()).isZero();

        http.mode(HttpSink.Mode.ACCEPT);
        try (SpoolRoute second = SpoolRoute.to(uri)) {
            SpoolEndpoint endpoint = second.endpoint();
            HttpSinkOutageTest.sendAll(second, "BTCUSDT", 200, 300);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0 && http.receivedCount() == 300);

            HttpSinkOutageTest.assertStreamsInOrder(http.received(), 300, "trade-btcusdt");
            assertThat(endpoint.getRedeliveredCount()).isGreaterThanOrEqualTo(200);
            assertThat(endpoint.getRedeliveredCount() + endpoint.getDeliveredCount()).isEqualTo(300);
            assertThat(log.eventsContaining("by a previous run")).singleElement().asString()
                    .startsWith("INFO sink restart: 200 messages (").contains(dir.resolve("restart").toString());
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.eventsContaining("recovered")).hasSize(1));
        }
        assertThat(HttpSinkOutageTest.segmentFiles(dir.resolve("restart"))).isEmpty();
    }
}
