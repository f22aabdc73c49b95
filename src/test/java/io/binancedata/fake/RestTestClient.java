package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JDK HTTP GETs against the fake exchange. */
final class RestTestClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestTestClient() {
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return get(url, Duration.ofSeconds(10));
    }

    /** @throws java.net.http.HttpTimeoutException when no answer came within {@code timeout} */
    static HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    static JsonNode getJson(String url) throws IOException, InterruptedException {
        return json(get(url).body());
    }
}
