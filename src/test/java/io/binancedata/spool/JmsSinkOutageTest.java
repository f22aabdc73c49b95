package io.binancedata.spool;

import io.binancedata.support.EmbeddedArtemis;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JMS to a real Artemis broker over TCP that is stopped mid-stream and started again on the same port. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JmsSinkOutageTest {
    private static final Logger LOG = LoggerFactory.getLogger(JmsSinkOutageTest.class);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String QUEUE = "binance.trades";
    private static final int MESSAGES = 600;

    @TempDir
    Path dir;
    private EmbeddedArtemis broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = EmbeddedArtemis.persistent(dir.resolve("artemis"), QUEUE);
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void shouldDeliverEveryMessageInOrderAfterTheBrokerComesBack() throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("artemis", broker.connectionFactory());
        String delegate = "jms:queue:" + QUEUE + "?connectionFactory=#artemis";
        String uri = "spool:jms?delegate=RAW(" + delegate + ")&dir=" + dir + "&redeliveryDelay=50"
                + "&waitDurationInOpenState=1";
        try (SpoolRoute route = SpoolRoute.to(context, uri)) {
            SpoolEndpoint endpoint = route.endpoint();
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() ->
                    HttpSinkOutageTest.sendAll(route, "BTCUSDT", 0, MESSAGES));

            await().atMost(PATIENCE).until(() -> endpoint.getDeliveredCount() >= 150);
            broker.stop(); // while the stream sends
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() >= 150
                    && "OPEN".equals(endpoint.getCircuitBreakerState()));
            broker.start(); // same port: the breaker's probe finds it
            stream.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> endpoint.getSpoolDepth() == 0
                    && endpoint.getDeliveredCount() + endpoint.getRedeliveredCount() == MESSAGES);

            List<Long> received = receiveAll();
            List<Long> distinct = withoutRepeats(received);
            int duplicates = received.size() - distinct.size();
            LOG.info("JMS outage: {} messages, {} received, {} duplicates; {}", MESSAGES, received.size(),
                    duplicates, endpoint.counters());
            assertThat(distinct).as("every message, in order, no gap")
                    .containsExactlyElementsOf(LongStream.range(0, MESSAGES).boxed().toList());
            assertThat((long) duplicates).as("a duplicate needs a failed attempt that reached the broker")
                    .isLessThanOrEqualTo(endpoint.getFailedAttemptCount());
            assertThat(endpoint.getSpooledCount()).isGreaterThanOrEqualTo(150);
            assertThat(endpoint.getRedeliveredCount()).isEqualTo(endpoint.getSpooledCount());
        }
    }

    /** Message numbers on the queue, in order; checks that the headers kept their types through the spool. */
    private List<Long> receiveAll() throws Exception {
        List<Long> numbers = new ArrayList<>();
        try (JMSContext jms = broker.connectionFactory().createContext();
             JMSConsumer consumer = jms.createConsumer(jms.createQueue(QUEUE))) {
            for (Message message = consumer.receive(5000); message != null; message = consumer.receive(1000)) {
                assertThat(message).isInstanceOf(BytesMessage.class);
                long seq = TestMessages.seq(message.getBody(byte[].class));
                assertThat(message.getObjectProperty("BinanceEventTime")).isEqualTo(TestMessages.EPOCH_MICROS + seq);
                assertThat(message.getObjectProperty("BinanceSbeTemplateId")).isEqualTo(1);
                assertThat(message.getObjectProperty("BinanceStreamId")).isEqualTo("trade-btcusdt");
                numbers.add(seq);
            }
        }
        return numbers;
    }

    /** Drops a number equal to the one before it: an at-least-once re-delivery of the same message. */
    private static List<Long> withoutRepeats(List<Long> numbers) {
        List<Long> distinct = new ArrayList<>();
        for (Long n : numbers) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(n)) {
                distinct.add(n);
            }
        }
        return distinct;
    }
}
