package io.binancedata.spool;

import io.binancedata.support.LogCapture;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A message is delivered, in the spool, or thrown back: never dropped, not by an open breaker (camel-resilience4j's
 * default without fallback), not by a full spool, not by a spool that cannot be written.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpoolNeverDropsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final FlakySink sink = new FlakySink("flaky");
    private LogCapture log;

    @BeforeEach
    void start() {
        log = new LogCapture("io.binancedata.spool");
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void shouldKeepEveryMessageWhileTheBreakerIsOpenAndDeliverThemAllInOrder() throws Exception {
        sink.failing(true);
        try (SpoolRoute route = route("spool:never?delegate=" + sink.uri() + "&dir=" + dir
                + "&redeliveryDelay=0&waitDurationInOpenState=1")) {
            SpoolEndpoint endpoint = route.endpoint();
            List<String> states = new ArrayList<>();
            for (long seq = 0; seq < 500; seq++) {
                route.send("BTCUSDT", seq);
                states.add(endpoint.getCircuitBreakerState());
                assertThat(sink.received().size() + endpoint.getSpoolDepth()).as("after message " + seq)
                        .isEqualTo(seq + 1);
            }
            assertThat(states).as("the breaker was open").contains("OPEN");
            assertThat(endpoint.getSpooledCount()).isEqualTo(500);
            assertThat(endpoint.getSpoolErrorCount()).isZero();

            sink.failing(false);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0);
            assertThat(sink.received()).containsExactlyElementsOf(LongStream.range(0, 500).boxed().toList());
            assertThat(endpoint.getRedeliveredCount()).isEqualTo(500);
        }
    }

    @Test
    void shouldThrowWhenTheSpoolIsFullLoggingItOnceAndAcceptAgainOnceDrained() throws Exception {
        sink.failing(true);
        try (SpoolRoute route = route("spool:full?delegate=" + sink.uri() + "&dir=" + dir
                + "&maxSpoolBytes=4096&redeliveryDelay=0&minimumCalls=1&slidingWindowSize=1"
                + "&waitDurationInOpenState=1")) {
            SpoolEndpoint endpoint = route.endpoint();
            long accepted = 0;
            CamelExecutionException refused = null;
            while (refused == null) {
                try {
                    route.send("BTCUSDT", accepted);
                    accepted++;
                } catch (CamelExecutionException e) {
                    refused = e;
                }
            }
            assertThat(refused).cause().isInstanceOf(SpoolFullException.class).hasMessageContaining("maxSpoolBytes");
            assertThat(accepted).as("4 KiB hold some messages").isBetween(5L, 40L);
            assertThat(endpoint.getSpoolDepth()).isEqualTo(accepted);
            long last = accepted;
            assertThatThrownBy(() -> route.send("BTCUSDT", last)).isInstanceOf(CamelExecutionException.class);
            assertThat(endpoint.getSpoolErrorCount()).isEqualTo(2);
            assertThat(log.eventsContaining("spool cannot take messages")).singleElement().asString()
                    .startsWith("ERROR sink full: spool cannot take messages, they are thrown back to the route");

            sink.failing(false);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0);
            route.send("BTCUSDT", accepted);
            assertThat(sink.received()).containsExactlyElementsOf(LongStream.rangeClosed(0, accepted).boxed().toList());
            assertThat(endpoint.getDeliveredCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldThrowWhenTheSpoolCannotBeWrittenAndSpoolAgainOnceItCan() throws Exception {
        sink.failing(true);
        try (SpoolRoute route = route("spool:unwritable?delegate=" + sink.uri() + "&dir=" + dir
                + "&redeliveryDelay=0&minimumCalls=1&slidingWindowSize=1&waitDurationInOpenState=1")) {
            SpoolEndpoint endpoint = route.endpoint();
            Path blocker = Files.createDirectory(endpoint.spoolDirectory().resolve(SpoolSegment.fileName(0)));

            assertThatThrownBy(() -> route.send("BTCUSDT", 0)).isInstanceOf(CamelExecutionException.class)
                    .cause().isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() -> route.send("BTCUSDT", 1)).isInstanceOf(CamelExecutionException.class);
            assertThat(endpoint.getSpoolErrorCount()).isEqualTo(2);
            assertThat(endpoint.getSpoolDepth()).isZero();
            assertThat(log.eventsContaining("spool cannot take messages")).hasSize(1);

            Files.delete(blocker);
            route.send("BTCUSDT", 2);
            assertThat(endpoint.getSpoolDepth()).isEqualTo(1);
            assertThat(log.eventsContaining("accepts messages again")).hasSize(1);
            sink.failing(false);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0);
            assertThat(sink.received()).containsExactly(2L);
        }
    }

    private SpoolRoute route(String uri) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.addRoutes(sink.route());
        return SpoolRoute.to(context, uri);
    }
}
