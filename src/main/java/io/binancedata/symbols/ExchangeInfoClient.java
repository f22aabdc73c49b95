package io.binancedata.symbols;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.binancedata.api.ExchangeUnavailableException;

/** Reads {@code GET /api/v3/exchangeInfo}: every symbol with its status. HTTP status and timeouts are checked. */
public final class ExchangeInfoClient {
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient client;
    private final URI endpoint;
    private final Duration timeout;

    public ExchangeInfoClient(HttpClient client, URI restUrl, Duration timeout) {
        this.client = client;
        this.endpoint = restUrl.resolve("/api/v3/exchangeInfo");
        this.timeout = timeout;
    }

    /**
     * @return symbol → status ({@code TRADING}, {@code BREAK}, {@code HALT}, ...)
     * @throws ExchangeUnavailableException on an HTTP error status, a timeout (covering the whole response, body
     *                                      included) or an unreadable body
     */
    public Map<String, String> fetchStatuses() {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout).GET()
                .header("Accept", "application/json").build();
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw timedOut(e.getCause());
            }
            throw new ExchangeUnavailableException("GET " + endpoint + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("Interrupted while reading " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw new ExchangeUnavailableException("GET " + endpoint + " answered HTTP " + response.statusCode());
        }
        try {
            return parse(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new ExchangeUnavailableException("Unreadable exchangeInfo from " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private ExchangeUnavailableException timedOut(Throwable cause) {
        return new ExchangeUnavailableException("GET " + endpoint + " timed out after " + timeout.toMillis() + " ms", cause);
    }

    static Map<String, String> parse(InputStream body) throws IOException {
        Map<String, String> statuses = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("symbols".equals(field) && p.currentToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readSymbol(p, statuses);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (statuses.isEmpty()) {
            throw new IOException("no symbols listed");
        }
        return statuses;
    }

    private static void readSymbol(JsonParser p, Map<String, String> statuses) throws IOException {
        String symbol = null;
        String status = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("symbol".equals(field)) {
                symbol = p.getValueAsString();
            } else if ("status".equals(field)) {
                status = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
        if (symbol != null && status != null) {
            statuses.put(symbol, status);
        }
    }
}
