/**
 * A Binance-compatible fake exchange on a local port, for the product's tests and for {@code simulate} mode
 * (no network needed).
 *
 * <p>Start one with {@link io.binancedata.fake.FakeExchange#start(FakeExchangeOptions)} and point the product at
 * {@link io.binancedata.fake.FakeExchange#wsUrl()} and {@link io.binancedata.fake.FakeExchange#restUrl()}:
 * <pre>{@code
 * try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults()
 *         .maxSpeed().loop(false)
 *         .tape(TradeTape.fromRecording("BTCUSDT", day1, day2))
 *         .tape(TradeTape.ofFrames("TESTUSDT", List.of("{not json", ...))))) {
 *     exchange.faults().resetAfterFrames(100, 1);       // the next connection drops after 100 frames
 *     exchange.faults().rejectRest(1, 429, Duration.ofSeconds(1));   // the next REST call gets a 429
 *     ... connect to exchange.wsUrl() + "/ws/btcusdt@trade" ...
 *     exchange.stats().framesSent("btcusdt@trade");
 *     exchange.sessions().get(0).pongsReceived();
 * }
 * }</pre>
 *
 * <p>What it serves: raw streams {@code /ws/<symbol>@trade} and {@code /ws/<symbol>@kline_<interval>}, combined
 * streams {@code /stream?streams=a/b}, server pings, and {@code GET /api/v3/exchangeInfo}, {@code historicalTrades},
 * {@code trades}, {@code aggTrades}, {@code klines}, {@code ping}, {@code time}; REST serves only trades that have happened by the market clock (or
 * that a connection has already been sent), and counts {@code X-MBX-USED-WEIGHT-1M} per minute of
 * {@link io.binancedata.fake.FakeExchangeOptions#wallClock}. Burst mode
 * ({@link io.binancedata.fake.FakeExchangeOptions#burst}, {@link io.binancedata.fake.BurstPlan}) serves N trade streams
 * of M trades each instead of the tapes, held back until all N are subscribed, for throughput and latency runs;
 * {@link io.binancedata.fake.FakeExchange#burst()} tells when they were released and sent. A synthetic market
 * ({@link io.binancedata.fake.FakeExchangeOptions#syntheticMarket}, {@link io.binancedata.fake.SyntheticMarket}) lists
 * many symbols of several quote assets and trades them from the start on the same machinery, trades and klines.
 * Every connection takes live {@code SUBSCRIBE}/{@code UNSUBSCRIBE}/{@code LIST_SUBSCRIPTIONS} messages, and
 * Binance's limits are enforced: 5 incoming messages a second, 1024 streams per connection, 300 connection attempts
 * per 5 minutes per IP (each an option). Not (yet): other stream types (rejected as malformed), REST request-weight
 * limits (the header is sent, never enforced; 429/418 come only from the fault plan). Connections that do not answer pings
 * ({@link io.binancedata.fake.FakeExchangeOptions#pongDeadline}) and connections older than the
 * {@link io.binancedata.fake.FakeExchangeOptions#connectionLifetime} are closed, as Binance does.
 */
package io.binancedata.fake;
