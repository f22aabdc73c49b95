package io.binancedata.spool;

import io.binancedata.stream.EventBatch;
import io.binancedata.stream.FrameBatch;
import io.binancedata.support.LogCapture;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A real HTTP sink that fails (503), hangs, or rejects messages, behind a spool. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpSinkOutageTest {
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
    void shouldDeliverEveryMessageOfTwoStreamsInOrderThroughA503Outage() throws Exception {
        int perStream = 1000;
        String uri = "spool:http?delegate=RAW(" + http.url() + ")&dir=" + dir
                + "&redeliveryDelay=10&waitDurationInOpenState=1";
        try (SpoolRoute route = SpoolRoute.to(uri)) {
            CompletableFuture<Void> btc = CompletableFuture.runAsync(() -> {
                for (long seq = 0; seq < perStream; seq++) {
                    if (seq == 200) {
                        http.mode(HttpSink.Mode.FAIL);
                    } else if (seq == 600) {
                        http.mode(HttpSink.Mode.ACCEPT);
                    }
                    route.send("BTCUSDT", seq);
                }
            });
            CompletableFuture<Void> eth = CompletableFuture.runAsync(() -> sendAll(route, "ETHUSDT", 0, perStream));
            CompletableFuture.allOf(btc, eth).get(60, TimeUnit.SECONDS);
            SpoolEndpoint endpoint = route.endpoint();
            await().atMost(PATIENCE).until(() -> http.receivedCount() >= 2 * perStream && endpoint.getSpoolDepth() == 0);

            assertStreamsInOrder(http.received(), perStream, "trade-btcusdt", "trade-ethusdt");
            assertThat(endpoint.getSpooledCount()).as("went through the spool").isPositive();
            assertThat(endpoint.getRedeliveredCount()).isEqualTo(endpoint.getSpooledCount());
            assertThat(endpoint.getDeliveredCount() + endpoint.getRedeliveredCount()).isEqualTo(2L * perStream);
            assertThat(endpoint.getFailedAttemptCount()).isPositive();
            assertThat(endpoint.getRejectedCount()).isZero();
            assertThat(endpoint.getSpoolErrorCount()).isZero();
            assertThat(endpoint.getSpoolDepthBytes()).isZero();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(log.eventsContaining("recovered")).singleElement()
                    .isEqualTo("INFO sink http recovered, " + endpoint.getSpooledCount()
                            + " spooled messages re-delivered"));
            assertThat(log.eventsContaining("failing")).singleElement().asString()
                    .startsWith("WARN sink http failing, spooling (").contains("statusCode: 503");
            assertThat(log.loggedContaining("failing").get(0).rootCause())
                    .isExactlyInstanceOf(HttpOperationFailedException.class).hasMessageEndingWith("statusCode: 503");

            long delivered = endpoint.getDeliveredCount();
            sendAll(route, "BTCUSDT", perStream, perStream + 10);
            assertThat(endpoint.getDeliveredCount()).as("direct delivery resumed").isEqualTo(delivered + 10);
            assertThat(segmentFiles(endpoint.spoolDirectory())).as("an empty spool holds no segment").isEmpty();
        }
    }

    @Test
    void shouldSpoolWhileTheSinkHangsPastItsTimeoutAndDeliverWhenItAnswers() throws Exception {
        String delegate = http.url() + "?connectTimeout=1000&responseTimeout=300";
        String uri = "spool:hanging?delegate=RAW(" + delegate + ")&dir=" + dir
                + "&waitDurationInOpenState=1&redeliveryDelay=50";
        try (SpoolRoute route = SpoolRoute.to(uri)) {
            SpoolEndpoint endpoint = route.endpoint();
            http.mode(HttpSink.Mode.HANG);

            long start = System.nanoTime();
            route.send("BTCUSDT", 0);
            long firstSendMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(firstSendMillis).as("4 attempts of 300 ms + 3 pauses of 50 ms, not camel-http's 3 minutes")
                    .isBetween(1200L, 10_000L);
            assertThat(endpoint.getSpooledCount()).isEqualTo(1);
            sendAll(route, "BTCUSDT", 1, 20);
            await().atMost(PATIENCE).until(() -> "OPEN".equals(endpoint.getCircuitBreakerState()));
            assertThat(endpoint.getSpooledCount()).isEqualTo(20);
            assertThat(http.receivedCount()).isZero();

            http.mode(HttpSink.Mode.ACCEPT);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0 && http.receivedCount() == 20);

            assertStreamsInOrder(http.received(), 20, "trade-btcusdt");
            assertThat(endpoint.getRedeliveredCount()).isEqualTo(20);
            assertThat(endpoint.getFailedAttemptCount()).isGreaterThanOrEqualTo(5);
            assertThat(log.eventsContaining("failing")).singleElement().asString()
                    .contains("sink hanging failing, spooling (").containsIgnoringCase("timeout");
            await().atMost(PATIENCE).until(() -> log.eventsContaining("recovered").size() == 1);
        }
    }

    @Test
    void shouldThrowAMessageTheSinkRejectsAndMoveOneRejectedFromTheSpoolAside() throws Exception {
        String uri = "spool:picky?delegate=RAW(" + http.url() + ")&dir=" + dir
                + "&waitDurationInOpenState=1&redeliveryDelay=10";
        try (SpoolRoute route = SpoolRoute.to(uri)) {
            SpoolEndpoint endpoint = route.endpoint();
            http.rejectNumbers(Set.of(3L, 7L));
            sendAll(route, "BTCUSDT", 0, 3);
            assertThatThrownBy(() -> route.send("BTCUSDT", 3)).isInstanceOf(CamelExecutionException.class)
                    .cause().isInstanceOf(MessageRejectedException.class).hasMessageContaining("statusCode: 400");
            assertThat(http.requests()).as("a rejected message is not retried").isEqualTo(4);
            assertThat(endpoint.getSpooledCount()).as("nor spooled").isZero();

            http.mode(HttpSink.Mode.FAIL);
            sendAll(route, "BTCUSDT", 4, 10);
            assertThat(endpoint.getSpoolDepth()).isEqualTo(6);
            http.mode(HttpSink.Mode.ACCEPT);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0);

            assertThat(http.received()).extracting(HttpSink.Received::seq).containsExactly(0L, 1L, 2L, 4L, 5L, 6L, 8L,
                    9L);
            assertThat(endpoint.getRejectedCount()).isEqualTo(2);
            assertThat(log.eventsContaining("rejected a spooled message")).singleElement().asString()
                    .startsWith("ERROR sink picky rejected a spooled message, moved it to ");
            Path rejected = endpoint.spoolDirectory().resolve(SpoolStore.REJECTED_FILE);
            try (SpoolSegment segment = SpoolSegment.open(rejected, -1, false)) {
                SpoolRecord kept = segment.read(SpoolSegment.HEADER_LENGTH).record();
                assertThat(TestMessages.seq(kept.body())).isEqualTo(7);
                assertThat(kept.headers()).isEqualTo(TestMessages.headers("BTCUSDT", 7));
            }
        }
    }

    /**
     * A batch of the stream route whose third message the sink rejects: the messages after it are sent all the same
     * (an invalid message holds no other back), and the exchange fails saying which one was rejected, so the error
     * policy keeps the batch in the dead letter.
     */
    @Test
    void shouldSendTheRestOfABatchPastAMessageTheSinkRejects() throws Exception {
        String uri = "spool:picky?delegate=RAW(" + http.url() + ")&dir=" + dir;
        try (SpoolRoute route = SpoolRoute.to(uri)) {
            http.rejectNumbers(Set.of(2L));
            EventBatch batch = new EventBatch();
            batch.reset(1, new FrameBatch());
            for (long seq = 0; seq < 5; seq++) {
                byte[] body = TestMessages.body(seq);
                batch.claim(body.length).putBytes(batch.nextMessageOffset(), body);
                long time = TestMessages.EPOCH_MICROS + seq;
                batch.commit(body.length, time, time, time + 1_250, seq, (int) seq, null);
            }

            assertThatThrownBy(() -> route.send(batch, TestMessages.headers("BTCUSDT", 0)))
                    .isInstanceOf(CamelExecutionException.class).cause()
                    .isInstanceOf(MessageRejectedException.class)
                    .hasMessageStartingWith("1 of 5 messages rejected by the sink, the first at position 2 (the "
                            + "others were delivered or spooled): ")
                    .hasMessageContaining("statusCode: 400");
            assertThat(http.received()).extracting(HttpSink.Received::seq).containsExactly(0L, 1L, 3L, 4L);
            assertThat(route.endpoint().getRejectedCount()).isEqualTo(1);
            assertThat(route.endpoint().getSpooledCount()).isZero();
        }
    }

    static void sendAll(SpoolRoute route, String symbol, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            route.send(symbol, seq);
        }
    }

    /** Every stream received exactly messages 0 to count-1, in order, with the headers they were sent with. */
    static void assertStreamsInOrder(List<HttpSink.Received> received, int count, String... streamIds) {
        assertThat(received).extracting(HttpSink.Received::streamId).containsOnly(streamIds);
        for (String streamId : streamIds) {
            List<HttpSink.Received> stream = received.stream().filter(r -> r.streamId().equals(streamId)).toList();
            assertThat(stream).extracting(HttpSink.Received::seq).as(streamId)
                    .containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
            for (HttpSink.Received r : stream) {
                assertThat(r.eventTime()).isEqualTo(String.valueOf(TestMessages.EPOCH_MICROS + r.seq()));
                assertThat(r.templateId()).isEqualTo("1");
                assertThat(r.body()).isEqualTo(TestMessages.body(r.seq()));
            }
        }
    }

    static List<Path> segmentFiles(Path spool) throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.spool")).toList();
        }
    }
}
