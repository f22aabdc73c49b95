package io.binancedata.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.binancedata.api.ExchangeUnavailableException;

/**
 * One HTTP GET whose timeout covers the whole response, body included ({@code binance.rest.timeout}); the JDK
 * client's own request timeout stops at the headers, so a server that sends headers and then stalls would hang a
 * plain {@code send}. No rate limiting here: see {@link RestHost}.
 */
public final class RestTransport {
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param client  shared JDK client (HTTP/1.1 like Binance's API; connect timeout set on it)
     * @param timeout limit on the whole call
     */
    public RestTransport(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * @return the response, whatever its status
     * @throws ExchangeUnavailableException on a timeout, an I/O error or an interrupt (the flag is restored)
     */
    public RestResponse get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json").build();
        CompletableFuture<HttpResponse<byte[]>> call =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new RestResponse(uri, response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(uri, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw timedOut(uri, e.getCause());
            }
            throw new ExchangeUnavailableException("GET " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("Interrupted while reading " + uri, e);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    private ExchangeUnavailableException timedOut(URI uri, Throwable cause) {
        return new ExchangeUnavailableException("GET " + uri + " timed out after " + timeout.toMillis() + " ms", cause);
    }
}
