package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

/**
 * TLS is verified by default: a {@code wss://} server whose certificate no trusted authority signed is refused before
 * any upgrade, and the stream says why. (The server's certificate is a self-signed one for localhost and 127.0.0.1,
 * a test fixture: {@code src/test/resources/tls/untrusted-localhost.p12}.)
 */
class TlsVerificationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void shouldRefuseAServerWhoseCertificateIsNotTrusted() throws Exception {
        Vertx serverVertx = Vertx.vertx();
        Vertx clientVertx = BinanceWebSocketComponent.newVertx();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger upgrades = new AtomicInteger();
        try {
            HttpServer server = serverVertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                            .setSsl(true).setKeyCertOptions(new PfxOptions()
                                    .setPath("src/test/resources/tls/untrusted-localhost.p12").setPassword("test-only")))
                    .webSocketHandler(socket -> {
                        upgrades.incrementAndGet();
                        socket.writeTextMessage("{\"e\":\"trade\"}");
                    });
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ConnectionSettings settings = new ConnectionSettings(Duration.ofSeconds(5), 3, Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));
            StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
            AtomicInteger frames = new AtomicInteger();
            URI uri = URI.create("wss://localhost:" + server.actualPort() + "/ws/btcusdt@trade");
            try (StreamConnection connection = new StreamConnection(
                    BinanceWebSocketComponent.newClient(clientVertx, settings), uri, settings, scheduler, status,
                    (frame, receiveTime, resume) -> frames.incrementAndGet() > 0, new SystemEpochNanoClock(),
                    AttemptGate.OPEN)) {
                connection.open();
                await().atMost(TIMEOUT).until(() -> status.reconnects() >= 2);
                assertThat(status.state()).isIn(StreamState.RECONNECTING, StreamState.FAILED);
                assertThat(status.lastError()).startsWith("connection failed: SSLHandshakeException")
                        .contains("(caused by SunCertPathBuilderException: unable to find valid certification path");
            }
            assertThat(upgrades.get()).as("no WebSocket upgrade over an untrusted connection").isZero();
            assertThat(frames.get()).isZero();
        } finally {
            scheduler.shutdownNow();
            clientVertx.close();
            serverVertx.close();
        }
    }
}
