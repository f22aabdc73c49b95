package io.binancedata.spool;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.Message;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The component itself: URI, options (bound by reflection, as there is no generated configurer), RAW delegates. */
class SpoolComponentTest {
    @TempDir
    Path dir;
    private HttpSink http;
    private final CamelContext context = new DefaultCamelContext();

    @BeforeEach
    void start() throws Exception {
        http = new HttpSink();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        http.close();
    }

    @Test
    void shouldApplyEveryOptionGivenInTheUri() {
        SpoolEndpoint endpoint = context.getEndpoint("spool:orders?delegate=RAW(" + http.url() + ")&dir=" + dir
                + "&maxRedeliveries=7&redeliveryDelay=15&failureRateThreshold=25.5&minimumCalls=4"
                + "&slidingWindowSize=40&waitDurationInOpenState=3&maxSpoolBytes=9000&segmentBytes=5000&fsync=true"
                + "&slowDelivery=25",
                SpoolEndpoint.class);

        assertThat(endpoint.getName()).isEqualTo("orders");
        assertThat(endpoint.getDelegate()).isEqualTo(http.url());
        assertThat(endpoint.getDir()).isEqualTo(dir.toString());
        assertThat(endpoint.spoolDirectory()).isEqualTo(dir.resolve("orders")).isDirectory();
        assertThat(endpoint.settings()).isEqualTo(new SpoolSettings(7, 15, 25.5f, 4, 40, Duration.ofSeconds(3),
                9000, 5000, true, 25));
        CircuitBreakerConfig breaker = endpoint.settings().circuitBreakerConfig();
        assertThat(breaker.getFailureRateThreshold()).isEqualTo(25.5f);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(4);
        assertThat(breaker.getSlidingWindowSize()).isEqualTo(40);
        assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(3000L);
        assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(1);
        assertThat(endpoint.getCircuitBreakerState()).isEqualTo("CLOSED");
        assertThat(endpoint.getSpoolDepth()).isZero();
    }

    @Test
    void shouldDefaultToThreeRetriesAHalfOfTenCallsBreakerAndAGibibyteSpool() {
        SpoolEndpoint endpoint = context.getEndpoint("spool:orders?delegate=RAW(" + http.url() + ")&dir=" + dir,
                SpoolEndpoint.class);

        assertThat(endpoint.settings()).isEqualTo(SpoolSettings.defaults());
        assertThat(SpoolSettings.defaults()).isEqualTo(new SpoolSettings(3, 200, 50f, 5, 10, Duration.ofSeconds(10),
                1L << 30, 16L << 20, false, 0));
    }

    @Test
    void shouldRetryAsManyTimesAsConfiguredThenSpool() throws Exception {
        FlakySink sink = new FlakySink("flaky");
        sink.failing(true);
        context.addRoutes(sink.route());
        // the three failures open the breaker, so the drainer makes no call within the test
        String uri = "spool:flaky?delegate=" + sink.uri() + "&dir=" + dir + "&maxRedeliveries=2&redeliveryDelay=0"
                + "&minimumCalls=3&slidingWindowSize=3";
        context.createProducerTemplate().sendBodyAndHeaders(uri, TestMessages.body(0),
                TestMessages.headers("BTCUSDT", 0));

        SpoolEndpoint endpoint = context.getEndpoint(uri, SpoolEndpoint.class);
        assertThat(sink.calls()).isEqualTo(3);
        assertThat(endpoint.getFailedAttemptCount()).isEqualTo(3);
        assertThat(endpoint.getSpooledCount()).isEqualTo(1);
        assertThat(endpoint.getSpoolDepth()).isEqualTo(1);
        assertThat(endpoint.getCircuitBreakerState()).isEqualTo("OPEN");
    }

    @Test
    void shouldRejectUnknownOptionsNamingThem() {
        String base = "spool:orders?delegate=RAW(" + http.url() + ")&dir=" + dir;
        assertThatThrownBy(() -> context.getEndpoint(base + "&maxRedelivery=5"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("maxRedelivery=5")
                .hasMessageContaining("Unknown parameters");
        assertThatThrownBy(() -> context.getEndpoint("spool:orders?delegat=RAW(" + http.url() + ")&dir=" + dir))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("delegat=");
    }

    @Test
    void shouldRejectInvalidOrMissingOptions() {
        String base = "spool:orders?delegate=RAW(" + http.url() + ")&dir=" + dir;
        assertInvalid(base + "&maxRedeliveries=-1", "maxRedeliveries must be 0 or more, was -1");
        assertInvalid(base + "&failureRateThreshold=0", "failureRateThreshold must be above 0 and at most 100");
        assertInvalid(base + "&failureRateThreshold=101", "failureRateThreshold must be above 0 and at most 100");
        assertInvalid(base + "&minimumCalls=0", "minimumCalls must be at least 1, was 0");
        assertInvalid(base + "&minimumCalls=20", "slidingWindowSize (10) must be at least minimumCalls (20)");
        assertInvalid(base + "&waitDurationInOpenState=0", "waitDurationInOpenState must be at least 1 second");
        assertInvalid(base + "&maxSpoolBytes=100", "maxSpoolBytes must be at least 4096, was 100");
        assertInvalid(base + "&maxRedeliveries=many", "maxRedeliveries");
        assertInvalid("spool:orders?dir=" + dir, "needs the sink to guard: delegate=RAW(<sink uri>)");
        assertInvalid("spool:orders?delegate=RAW(" + http.url() + ")", "needs the folder of the spools: dir=");
        assertInvalid("spool:..?delegate=RAW(" + http.url() + ")&dir=" + dir, "needs a sink name");
        assertInvalid("spool:a%2Fb?delegate=RAW(" + http.url() + ")&dir=" + dir, "needs a sink name");
    }

    @Test
    void shouldKeepARawHttpDelegateWithItsOwnQueryIntact() throws Exception {
        String delegate = http.url() + "?x=1&y=2&httpMethod=POST"; // with a query camel-http sends GET by default
        String uri = "spool:http-sink?delegate=RAW(" + delegate + ")&dir=" + dir;
        Map<String, Object> headers = TestMessages.headers("BTCUSDT", 42);
        headers.put("NotAStreamHeader", "dropped");
        context.createProducerTemplate().sendBodyAndHeaders(uri, TestMessages.body(42), headers);

        assertThat(context.getEndpoint(uri, SpoolEndpoint.class).getDelegate()).isEqualTo(delegate);
        assertThat(http.received()).singleElement().satisfies(received -> {
            assertThat(received.query()).isEqualTo("x=1&y=2");
            assertThat(received.seq()).isEqualTo(42);
            assertThat(received.streamId()).isEqualTo("trade-btcusdt");
        });
    }

    @Test
    void shouldKeepARawJmsDelegateWithABeanReferenceIntact() {
        context.getRegistry().bind("artemis", new ActiveMQConnectionFactory("tcp://127.0.0.1:1"));
        String delegate = "jms:queue:binance.trades?connectionFactory=#artemis&deliveryPersistent=true";
        SpoolEndpoint endpoint = context.getEndpoint("spool:jms-sink?delegate=RAW(" + delegate + ")&dir=" + dir,
                SpoolEndpoint.class);

        assertThat(endpoint.getDelegate()).isEqualTo(delegate);
        assertThat(endpoint.getCircuitBreakerState()).as("started, delegate resolved").isEqualTo("CLOSED");
    }

    @Test
    void shouldWorkAsARecipientOfARecipientList() throws Exception {
        String sinkUri = http.url() + "?x=1&y=2&httpMethod=POST";
        String uri = SpoolUris.wrap(sinkUri, dir.toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stream").recipientList(constant(uri)).delimiter(",");
            }
        });
        for (long seq = 0; seq < 3; seq++) {
            context.createProducerTemplate().sendBodyAndHeaders("direct:stream", TestMessages.body(seq),
                    TestMessages.headers("BTCUSDT", seq));
        }

        assertThat(http.received()).extracting(HttpSink.Received::seq).containsExactly(0L, 1L, 2L);
        assertThat(http.received()).extracting(HttpSink.Received::query).containsOnly("x=1&y=2");
        assertThat(dir.resolve(SpoolUris.sinkName(sinkUri))).isDirectory();
    }

    @Test
    void shouldBuildUrisWhoseDelegateAndFolderCamelReadsBackVerbatim() {
        String sinkUri = "http://127.0.0.1:" + 8080 + "/ingest(v1)?x=1&y=a%20b";
        Path folder = dir.resolve("spool & more");
        SpoolEndpoint endpoint = context.getEndpoint(SpoolUris.wrap(sinkUri, folder.toString()),
                SpoolEndpoint.class);

        assertThat(endpoint.getDelegate()).isEqualTo(sinkUri);
        assertThat(endpoint.getDir()).isEqualTo(folder.toString());
        assertThat(endpoint.getName()).isEqualTo(SpoolUris.sinkName(sinkUri));
    }

    @Test
    void shouldNameSinksReadablyStablyAndDistinctly() {
        assertThat(SpoolUris.sinkName("http://127.0.0.1:8080/ingest"))
                .matches("http-127\\.0\\.0\\.1-8080-ingest-[0-9a-f]{8}")
                .isEqualTo(SpoolUris.sinkName("http://127.0.0.1:8080/ingest"));
        assertThat(SpoolUris.sinkName("jms:queue:binance.trades?connectionFactory=#artemis"))
                .matches("jms-queue-binance\\.trades-[0-9a-f]{8}");
        assertThat(SpoolUris.sinkName("https://user:pw@example.com:8443/ingest?token=s3cret"))
                .matches("https-example\\.com-8443-ingest-[0-9a-f]{8}")
                .isNotEqualTo(SpoolUris.sinkName("https://user:pw@example.com:8443/ingest?token=other"));
        assertThat(SpoolUris.sinkName("jms:queue:a?b")).isNotEqualTo(SpoolUris.sinkName("jms:queue:a&b"));
        assertThat(SpoolUris.sinkName("http://example.com/" + "x".repeat(500))).hasSizeLessThanOrEqualTo(69);
        assertThat(SpoolUris.sinkName("http://example.com/" + "x".repeat(500))).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    @Test
    void shouldRefuseASecondEndpointOnTheSameSpoolFolder() {
        context.getEndpoint("spool:same?delegate=RAW(" + http.url() + ")&dir=" + dir);

        assertThatThrownBy(() -> context.getEndpoint("spool:same?delegate=RAW(" + http.url() + "?v=2)&dir=" + dir))
                .hasStackTraceContaining("is in use by another spool endpoint or process");
    }

    @Test
    void shouldBeFoundByItsSchemeAndRefuseToConsume() {
        assertThat(context.getComponent("spool")).isInstanceOf(SpoolComponent.class);
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("spool:x?delegate=log:x&dir=" + dir).to("log:never");
            }
        })).rootCause().isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("The spool component only writes; it cannot be used in from(): spool://x");
    }

    @Test
    void shouldKeepTheStreamHeadersWithTheirTypesAndNothingElse() {
        Map<String, Object> kline = TestMessages.klineHeaders("BTCUSDT", "1m", 5);
        Message message = new DefaultExchange(context).getMessage();
        message.setHeaders(new HashMap<>(kline));
        message.setHeader("CamelHttpUri", "http://elsewhere");
        message.setBody(TestMessages.body(5));

        SpoolRecord record = SpoolProducer.record(message);
        assertThat(record.headers()).isEqualTo(kline).hasSize(8);
        assertThat(record.headers().get("BinanceEventTime")).isInstanceOf(Long.class);
        assertThat(record.headers().get("BinanceSbeTemplateId")).isInstanceOf(Integer.class);
        assertThat(record.body()).isEqualTo(TestMessages.body(5));
    }

    @Test
    void shouldThrowWhenTheBodyIsNotBytes() {
        String uri = "spool:orders?delegate=RAW(" + http.url() + ")&dir=" + dir;
        assertThatThrownBy(() -> context.createProducerTemplate().sendBodyAndHeaders(uri, null, new HashMap<>()))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage("A spool needs a byte[] body, got none");
        await().untilAsserted(() -> assertThat(http.requests()).isZero());
    }

    private void assertInvalid(String uri, String message) {
        assertThatThrownBy(() -> context.getEndpoint(uri)).as(uri)
                .isInstanceOfAny(ResolveEndpointFailedException.class, FailedToStartRouteException.class)
                .hasStackTraceContaining(message);
    }
}
