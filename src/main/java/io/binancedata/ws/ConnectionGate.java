package io.binancedata.ws;

import java.util.Optional;

import io.binancedata.limits.ConnectionLimiter;
import io.binancedata.limits.HostGate;

/**
 * The WebSocket host's gate: no attempt while the host has asked us to back off (HTTP 429/418 with
 * {@code Retry-After} on an upgrade), and no more attempts per window than the {@link ConnectionLimiter} allows.
 */
public final class ConnectionGate implements AttemptGate {
    private final ConnectionLimiter limiter;
    private final HostGate host;

    public ConnectionGate(ConnectionLimiter limiter, HostGate host) {
        this.limiter = limiter;
        this.host = host;
    }

    @Override
    public long tryAcquire() {
        long blocked = host.admit(0);
        return blocked > 0 ? blocked : limiter.tryAcquire();
    }

    @Override
    public void onRejected(int status, Optional<String> retryAfter) {
        host.onResponse(status, Optional.empty(), retryAfter);
    }
}
