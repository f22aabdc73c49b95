package io.binancedata.fake;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of a {@link FakeExchange}; fluent setters named like their accessors. Defaults: 127.0.0.1, an
 * ephemeral port, pings every 20 s, real-time pace, looping tapes with a 1 s gap, per-connection replay, the
 * bundled tapes (when none are given) and the bundled trimmed exchangeInfo; Binance's limits of 5 incoming messages
 * a second and 1024 streams per connection and 300 connection attempts per 5 minutes per IP.
 */
public final class FakeExchangeOptions {
    private String host = "127.0.0.1";
    private int port;
    private Duration pingInterval = Duration.ofSeconds(20);
    private Duration pongDeadline = Duration.ofMinutes(1);
    private Duration connectionLifetime = Duration.ofHours(24);
    private double speed = 1.0;
    private boolean loop = true;
    private Duration loopGap = Duration.ofSeconds(1);
    private ReplayMode replayMode = ReplayMode.PER_CONNECTION;
    private final List<TradeTape> tapes = new ArrayList<>();
    private Path exchangeInfoFile;
    private FaultPlan faults = new FaultPlan();
    private Clock wallClock = Clock.systemUTC();
    private BurstPlan burst;
    private SyntheticMarket syntheticMarket;
    private boolean burstMarketTradesOn;
    private int incomingMessageLimit = 5;
    private int maxStreamsPerConnection = 1024;
    private int connectionAttemptLimit = 300;
    private Duration connectionAttemptWindow = Duration.ofMinutes(5);

    public static FakeExchangeOptions defaults() {
        return new FakeExchangeOptions();
    }

    public FakeExchangeOptions host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    public FakeExchangeOptions port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    public FakeExchangeOptions pingInterval(Duration pingInterval) {
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("ping interval must be positive: " + pingInterval);
        }
        this.pingInterval = pingInterval;
        return this;
    }

    /** Replay pace: 1.0 = real time by the trades' own timestamps, 100 = 100× faster, 0 = as fast as possible. */
    public FakeExchangeOptions speed(double speed) {
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number ≥ 0: " + speed);
        }
        this.speed = speed;
        return this;
    }

    /** Pace as text: a number, or {@code max} for as fast as the socket drains. */
    public FakeExchangeOptions speed(String speed) {
        String text = speed.trim().toLowerCase(Locale.ROOT);
        return speed("max".equals(text) ? 0 : Double.parseDouble(text));
    }

    /** As fast as the socket drains (speed 0). */
    public FakeExchangeOptions maxSpeed() {
        return speed(0);
    }

    /** Whether a tape starts over when it ends, with ids and times moved on; otherwise a stream goes quiet. */
    public FakeExchangeOptions loop(boolean loop) {
        this.loop = loop;
        return this;
    }

    /** Exchange time between the last trade of a pass and the first of the next. */
    public FakeExchangeOptions loopGap(Duration loopGap) {
        if (loopGap.toMillis() < 1) {
            throw new IllegalArgumentException("loop gap must be at least 1 ms: " + loopGap);
        }
        this.loopGap = loopGap;
        return this;
    }

    public FakeExchangeOptions replayMode(ReplayMode replayMode) {
        this.replayMode = Objects.requireNonNull(replayMode, "replayMode");
        return this;
    }

    /** Adds a tape (one per symbol; a later one for the same symbol replaces the earlier). */
    public FakeExchangeOptions tape(TradeTape tape) {
        tapes.removeIf(existing -> existing.symbol().equals(tape.symbol()));
        tapes.add(tape);
        return this;
    }

    public FakeExchangeOptions tapes(Collection<TradeTape> more) {
        more.forEach(this::tape);
        return this;
    }

    /**
     * Serves this exchangeInfo instead of the bundled one: a JSON file, or a recording whose line holds
     * {@code .../exchangeInfo -> <epoch>: {json}} (cryptofeed's {@code BINANCE.0}); either may be gzip.
     */
    public FakeExchangeOptions exchangeInfoFile(Path exchangeInfoFile) {
        this.exchangeInfoFile = exchangeInfoFile;
        return this;
    }

    /** The fault plan the exchange starts with (also reachable, and changeable, via {@link FakeExchange#faults()}). */
    public FakeExchangeOptions faults(FaultPlan faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
        return this;
    }

    /**
     * The wall clock of the REST side: the minute of {@code X-MBX-USED-WEIGHT-1M} and {@code serverTime}
     * (default: the system clock). A fixed clock makes the weight header exact in tests.
     */
    public FakeExchangeOptions wallClock(Clock wallClock) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        return this;
    }

    /**
     * Burst mode: instead of the tapes, serves the plan's streams ({@code S0001USDT@trade}, …; listed TRADING in
     * exchangeInfo, their trades also over {@code historicalTrades} once sent), held back until every stream has a
     * connection (see {@link BurstPlan}, {@link FakeExchange#burst()}). {@code null}: no burst (the default).
     */
    public FakeExchangeOptions burst(BurstPlan burst) {
        this.burst = burst;
        return this;
    }

    /**
     * Whether a steady burst's market trades on while a stream has no connection, as Binance's does while a client
     * reconnects: a connection opened after the release starts at the first trade not yet due (or at the stream's
     * next trade not yet sent, if that is later), and the trades it skips have happened — they are served over REST
     * ({@code historicalTrades}, {@code trades}) and never over the WebSocket. Off (the default): trades wait for
     * the next connection, so a dropped connection leaves no gap. No effect on an unpaced burst.
     */
    public FakeExchangeOptions burstMarketTradesOn(boolean burstMarketTradesOn) {
        this.burstMarketTradesOn = burstMarketTradesOn;
        return this;
    }

    public boolean burstMarketTradesOn() {
        return burstMarketTradesOn;
    }

    /** The burst plan, or {@code null} when the exchange replays tapes (or runs a synthetic market). */
    public BurstPlan burst() {
        return burst;
    }

    /**
     * Instead of the tapes, a synthetic market of many symbols ({@link SyntheticMarket}): its TRADING symbols
     * ({@code S0001USDT}, {@code S0007FDUSD}, {@code S0009BTC}, …) trade from the start at its total rate, with trade
     * and kline streams, listed in exchangeInfo with its delisted ones ({@code BREAK}) after the bundled symbols.
     * Runs on the burst machinery, so {@link FakeExchange#burst()} logs its sends and {@link #burstMarketTradesOn}
     * applies. Not together with {@link #burst(BurstPlan)}. {@code null}: none (the default).
     */
    public FakeExchangeOptions syntheticMarket(SyntheticMarket syntheticMarket) {
        this.syntheticMarket = syntheticMarket;
        return this;
    }

    /** The synthetic market, or {@code null}. */
    public SyntheticMarket syntheticMarket() {
        return syntheticMarket;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Like Binance, a connection whose ping stays unanswered this long is closed (code 1008). Default 1 minute. */
    public FakeExchangeOptions pongDeadline(Duration pongDeadline) {
        if (pongDeadline.isNegative() || pongDeadline.isZero()) {
            throw new IllegalArgumentException("pong deadline must be positive: " + pongDeadline);
        }
        this.pongDeadline = pongDeadline;
        return this;
    }

    public Duration pongDeadline() {
        return pongDeadline;
    }

    /** Like Binance (24 h), the server closes every connection this long after accepting it. */
    public FakeExchangeOptions connectionLifetime(Duration connectionLifetime) {
        if (connectionLifetime.isNegative() || connectionLifetime.isZero()) {
            throw new IllegalArgumentException("connection lifetime must be positive: " + connectionLifetime);
        }
        this.connectionLifetime = connectionLifetime;
        return this;
    }

    public Duration connectionLifetime() {
        return connectionLifetime;
    }

    /**
     * Like Binance (5), a connection whose client sends more than this many messages in any one second — text
     * messages, pings and pongs alike, the pongs answering the exchange's pings included — is closed with code 1008
     * "Too many requests". 0: no limit. Mind a short {@link #pingInterval}: each ping draws a pong.
     */
    public FakeExchangeOptions incomingMessageLimit(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("incoming message limit must be ≥ 0 (0: none): " + perSecond);
        }
        this.incomingMessageLimit = perSecond;
        return this;
    }

    public int incomingMessageLimit() {
        return incomingMessageLimit;
    }

    /** Like Binance (1024), the most streams one connection may have: in its URL and by SUBSCRIBE together. */
    public FakeExchangeOptions maxStreamsPerConnection(int maxStreamsPerConnection) {
        if (maxStreamsPerConnection < 1) {
            throw new IllegalArgumentException("streams per connection must be at least 1: " + maxStreamsPerConnection);
        }
        this.maxStreamsPerConnection = maxStreamsPerConnection;
        return this;
    }

    public int maxStreamsPerConnection() {
        return maxStreamsPerConnection;
    }

    /**
     * Like Binance (300 per 5 minutes), at most {@code attempts} WebSocket connection attempts per IP in any
     * {@code window}; the attempts over it get HTTP 429. 0 attempts: no limit.
     */
    public FakeExchangeOptions connectionAttemptLimit(int attempts, Duration window) {
        if (attempts < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("connection attempt limit needs attempts ≥ 0 (0: none) in a positive"
                    + " window: " + attempts + " in " + window);
        }
        this.connectionAttemptLimit = attempts;
        this.connectionAttemptWindow = window;
        return this;
    }

    public int connectionAttemptLimit() {
        return connectionAttemptLimit;
    }

    public Duration connectionAttemptWindow() {
        return connectionAttemptWindow;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public double speed() {
        return speed;
    }

    public boolean loop() {
        return loop;
    }

    public Duration loopGap() {
        return loopGap;
    }

    public ReplayMode replayMode() {
        return replayMode;
    }

    /** The tapes given, or the bundled ones when none were. */
    public List<TradeTape> tapes() {
        return tapes.isEmpty() ? TradeTape.bundled() : List.copyOf(tapes);
    }

    /** The exchangeInfo file to serve, or {@code null} for the bundled one. */
    public Path exchangeInfoFile() {
        return exchangeInfoFile;
    }

    public FaultPlan faults() {
        return faults;
    }

    public Clock wallClock() {
        return wallClock;
    }
}
