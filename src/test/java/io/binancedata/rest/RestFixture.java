package io.binancedata.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.limits.HostGate;
import io.binancedata.support.ManualClock;

/**
 * A {@link MarketDataClient} on a real fake exchange over HTTP, whose gate runs on a manual clock shared with the
 * exchange's weight minute; waiting only moves that clock (and is recorded), so no test really sleeps.
 */
final class RestFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2024-08-09T00:10:00Z");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    final ManualClock clock = new ManualClock(START);
    final List<Long> sleeps = new ArrayList<>();
    final FakeExchange exchange;
    final HostGate gate;
    final RestHost host;
    final MarketDataClient client;

    RestFixture(FakeExchangeOptions options, int weightPerMinute, Duration timeout, Duration maxWait) {
        exchange = FakeExchange.start(options.wallClock(clock));
        URI url = URI.create(exchange.restUrl());
        gate = new HostGate(url.getAuthority(), weightPerMinute, clock);
        host = new RestHost(new RestTransport(HTTP, timeout), url, gate, maxWait, nanos -> {
            sleeps.add(nanos);
            clock.advanceNanos(nanos);
        });
        client = new MarketDataClient(host);
    }

    RestFixture(FakeExchangeOptions options) {
        this(options, 3000, Duration.ofSeconds(5), Duration.ofMinutes(2));
    }

    String authority() {
        return URI.create(exchange.restUrl()).getAuthority();
    }

    @Override
    public void close() {
        exchange.close();
    }
}
