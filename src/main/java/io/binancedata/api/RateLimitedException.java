package io.binancedata.api;

import java.time.Instant;

/**
 * A REST call was not made because the exchange's limits would not allow it within the configured wait
 * ({@code binance.limits.rest-max-wait}): the host answered 429/418 and asked us to stay away longer, or the
 * request-weight budget is used up. Nothing was sent; calling again after {@link #until()} may succeed.
 */
public class RateLimitedException extends ExchangeUnavailableException {
    private final String host;
    private final Instant until;

    public RateLimitedException(String host, Instant until, String detail) {
        super("REST host " + host + " rate-limited until " + until + ": " + detail);
        this.host = host;
        this.until = until;
    }

    /** The host (and port, when not the default) that may not be called. */
    public String host() {
        return host;
    }

    /** The earliest time a call may go to the host. */
    public Instant until() {
        return until;
    }
}
