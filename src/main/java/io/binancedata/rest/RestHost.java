package io.binancedata.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.RateLimitedException;
import io.binancedata.limits.HostGate;

/**
 * One REST host reached through its {@link HostGate}: every GET first asks the gate, waits on the calling thread
 * while the gate says so, reports the response's limit headers back, and after a 429/418 waits out the
 * {@code Retry-After} and tries again — all within {@code maxWait} in total ({@code binance.limits.rest-max-wait}).
 * When the gate asks for longer, nothing is sent and {@link RateLimitedException} names the host and until when.
 * Share one instance (and so one gate) among every client of the same host. Thread-safe.
 */
public final class RestHost {
    private final RestTransport transport;
    private final URI baseUrl;
    private final HostGate gate;
    private final long maxWaitNanos;
    private final Sleeper sleeper;

    /**
     * @param transport the HTTP GET with a whole-response timeout
     * @param baseUrl   e.g. {@code https://api.binance.com}
     * @param gate      the gate of this host
     * @param maxWait   longest total wait for the gate in one call
     * @param sleeper   how to wait ({@link Sleeper#parking()} outside tests)
     */
    public RestHost(RestTransport transport, URI baseUrl, HostGate gate, Duration maxWait, Sleeper sleeper) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.gate = gate;
        this.maxWaitNanos = maxWait.toNanos();
        this.sleeper = sleeper;
    }

    /** As above, parking the calling thread while waiting. */
    public RestHost(RestTransport transport, URI baseUrl, HostGate gate, Duration maxWait) {
        this(transport, baseUrl, gate, maxWait, Sleeper.parking());
    }

    /**
     * GETs {@code pathAndQuery} (already URL-encoded) once the gate admits {@code weight}.
     *
     * @return the response; any status but 429 and 418, which are waited out and retried
     * @throws RateLimitedException         when the gate would need more than {@code maxWait} in total
     * @throws ExchangeUnavailableException on a timeout, an I/O error or an interrupt while waiting
     */
    public RestResponse get(String pathAndQuery, int weight) {
        URI uri = baseUrl.resolve(pathAndQuery);
        long waited = 0;
        while (true) {
            long wait = gate.admit(weight);
            if (wait == 0) {
                RestResponse response;
                try {
                    response = transport.get(uri);
                } catch (RuntimeException e) {
                    gate.onNoResponse(weight);
                    throw e;
                }
                gate.onResponse(weight, response.status(), response.header(HostGate.USED_WEIGHT_HEADER),
                        response.header(HostGate.RETRY_AFTER_HEADER));
                if (response.status() != 429 && response.status() != 418) {
                    return response;
                }
                continue;
            }
            if (wait > maxWaitNanos - waited) {
                throw rateLimited(uri, wait);
            }
            pause(uri, wait);
            waited += wait;
        }
    }

    /** {@code https://api.binance.com}-style base of every call. */
    public URI baseUrl() {
        return baseUrl;
    }

    public HostGate gate() {
        return gate;
    }

    private void pause(URI uri, long nanos) {
        try {
            sleeper.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("Interrupted while waiting to GET " + uri, e);
        }
    }

    private RateLimitedException rateLimited(URI uri, long wait) {
        Instant until = gate.blockedUntil().orElseGet(() -> gate.clock().instant().plusNanos(wait));
        String reason = gate.blockedUntil().isPresent() ? "the host answered 429/418 with Retry-After"
                : "the budget of " + gate.weightPerMinute() + " weight per minute is used up";
        return new RateLimitedException(gate.host(), until, "GET " + uri + " not sent: " + reason
                + ", longer than the " + Duration.ofNanos(maxWaitNanos).toMillis() + " ms allowed to wait");
    }
}
