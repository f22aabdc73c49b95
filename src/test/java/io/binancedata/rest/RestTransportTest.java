package io.binancedata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.binancedata.api.ExchangeUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real socket server that drops connections without an answer, as a stale keep-alive connection does: the
 * JDK client repeats a GET once by itself (so RestTransport has no retry of its own), and a second drop is an error.
 */
class RestTransportTest {
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private Thread serving;

    /** Closes the first {@code drop} connections after reading the request, answers the others with 200 "[]". */
    private URI serve(int drop) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    readRequestHead(socket.getInputStream());
                    if (connections.incrementAndGet() > drop) {
                        OutputStream out = socket.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                + "Connection: close\r\n\r\n[]").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    return; // server closed
                }
            }
        }, "rest-transport-test-server");
        serving.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v3/klines");
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        serving.join(5_000);
    }

    private static RestTransport transport() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        return new RestTransport(client, Duration.ofSeconds(5));
    }

    @Test
    void shouldSurviveOneConnectionClosedWithoutAnAnswer() throws Exception {
        URI uri = serve(1);
        RestResponse response = transport().get(uri);
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("[]");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void shouldFailWhenTheServerKeepsClosing() throws Exception {
        URI uri = serve(Integer.MAX_VALUE);
        assertThatThrownBy(() -> transport().get(uri)).isInstanceOf(ExchangeUnavailableException.class)
                .hasMessageStartingWith("GET " + uri + " failed: java.io.IOException");
        assertThat(connections.get()).as("the JDK client's one retry").isEqualTo(2);
    }
}
