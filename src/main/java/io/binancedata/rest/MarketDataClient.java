package io.binancedata.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.api.RateLimitedException;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.stream.SymbolShape;

/**
 * Binance's REST market data for backfilling: {@code historicalTrades} (by trade id) and {@code klines} (by open
 * time), the latest trade ({@code trades}) for the data-stall probes, and aggregate trades ({@code aggTrades}) to find
 * trade ids by time; every call through the shared {@link RestHost} and so its weight budget and 429/418 back-off.
 * Symbols are sent upper-case and URL-encoded (non-ASCII symbols exist). Decimals stay the exact strings Binance
 * sent. Thread-safe.
 */
public final class MarketDataClient {
    /** Request weight of {@code GET /api/v3/historicalTrades}. */
    public static final int HISTORICAL_TRADES_WEIGHT = 25;
    /** Request weight of {@code GET /api/v3/trades} (the most recent trades), whatever the limit. */
    public static final int TRADES_WEIGHT = 25;
    /** Request weight of {@code GET /api/v3/aggTrades}. */
    public static final int AGG_TRADES_WEIGHT = 4;
    /** Request weight of {@code GET /api/v3/klines}. */
    public static final int KLINES_WEIGHT = 2;
    /** Largest {@code limit} Binance accepts on both endpoints. */
    public static final int MAX_LIMIT = 1000;
    private static final int INVALID_SYMBOL = -1121;

    private final RestHost host;

    public MarketDataClient(RestHost host) {
        this.host = host;
    }

    /**
     * {@code GET /api/v3/historicalTrades?symbol=&fromId=&limit=}: up to {@code limit} trades from id
     * {@code fromId} on, oldest first (fewer, or none, when the exchange has no more yet).
     *
     * @throws InvalidSymbolException       when the exchange does not know the symbol (HTTP 400, code -1121)
     * @throws RateLimitedException         when the limits do not allow the call within the configured wait
     * @throws ExchangeUnavailableException on any other error status, a timeout or an unreadable body
     */
    public List<RestTrade> historicalTrades(String symbol, long fromId, int limit) {
        String upper = upper(symbol);
        if (fromId < 0) {
            throw new IllegalArgumentException("fromId must not be negative: " + fromId);
        }
        RestResponse response = host.get("/api/v3/historicalTrades?symbol=" + encode(upper) + "&fromId=" + fromId
                + "&limit=" + limit(limit), HISTORICAL_TRADES_WEIGHT);
        return RestRows.trades(ok(response, upper));
    }

    /**
     * {@code GET /api/v3/trades?symbol=&limit=1}: the exchange's most recent trade of the symbol (weight
     * {@value #TRADES_WEIGHT}); empty when the symbol has never traded.
     *
     * @throws InvalidSymbolException       when the exchange does not know the symbol (HTTP 400, code -1121)
     * @throws RateLimitedException         when the limits do not allow the call within the configured wait
     * @throws ExchangeUnavailableException on any other error status, a timeout or an unreadable body
     */
    public Optional<RestTrade> latestTrade(String symbol) {
        String upper = upper(symbol);
        RestResponse response = host.get("/api/v3/trades?symbol=" + encode(upper) + "&limit=1", TRADES_WEIGHT);
        List<RestTrade> trades = RestRows.trades(ok(response, upper));
        if (trades.size() > 1) {
            throw response.unreadable(trades.size() + " trades for limit=1");
        }
        return trades.stream().findFirst();
    }

    /**
     * {@code GET /api/v3/aggTrades?symbol=&startTime=&limit=1}: the symbol's first aggregate trade at or after
     * {@code timeMillis} (weight {@value #AGG_TRADES_WEIGHT}); empty when none has happened since.
     *
     * @throws InvalidSymbolException       when the exchange does not know the symbol (HTTP 400, code -1121)
     * @throws RateLimitedException         when the limits do not allow the call within the configured wait
     * @throws ExchangeUnavailableException on any other error status, a timeout, an unreadable body, or an answer
     *                                      older than {@code timeMillis}
     */
    public Optional<RestAggTrade> firstAggTradeFrom(String symbol, long timeMillis) {
        String upper = upper(symbol);
        RestResponse response = host.get("/api/v3/aggTrades?symbol=" + encode(upper) + "&startTime=" + timeMillis
                + "&limit=1", AGG_TRADES_WEIGHT);
        Optional<RestAggTrade> first = oneAggTrade(response, upper);
        if (first.isPresent() && first.get().time() < timeMillis) {
            throw response.unreadable("aggregate trade " + first.get().id() + " of " + first.get().time()
                    + " answers startTime=" + timeMillis);
        }
        return first;
    }

    /**
     * {@code GET /api/v3/aggTrades?symbol=&limit=1}: the symbol's most recent aggregate trade (weight
     * {@value #AGG_TRADES_WEIGHT}); empty when the symbol has never traded.
     *
     * @throws InvalidSymbolException       when the exchange does not know the symbol (HTTP 400, code -1121)
     * @throws RateLimitedException         when the limits do not allow the call within the configured wait
     * @throws ExchangeUnavailableException on any other error status, a timeout or an unreadable body
     */
    public Optional<RestAggTrade> latestAggTrade(String symbol) {
        String upper = upper(symbol);
        return oneAggTrade(host.get("/api/v3/aggTrades?symbol=" + encode(upper) + "&limit=1", AGG_TRADES_WEIGHT),
                upper);
    }

    private static Optional<RestAggTrade> oneAggTrade(RestResponse response, String symbol) {
        List<RestAggTrade> trades = RestRows.aggTrades(ok(response, symbol));
        if (trades.size() > 1) {
            throw response.unreadable(trades.size() + " aggregate trades for limit=1");
        }
        return trades.stream().findFirst();
    }

    /**
     * {@code GET /api/v3/klines?symbol=&interval=&startTime=&endTime=&limit=}: up to {@code limit} candles whose
     * open time lies in [{@code startTime}, {@code endTime}], oldest first. The last one may still be open.
     *
     * @param interval Binance's code, case-sensitive ({@code 1m}, {@code 1M}, ...)
     * @throws IllegalArgumentException     for an unknown interval or {@code startTime > endTime}
     * @throws InvalidSymbolException       when the exchange does not know the symbol (HTTP 400, code -1121)
     * @throws RateLimitedException         when the limits do not allow the call within the configured wait
     * @throws ExchangeUnavailableException on any other error status, a timeout or an unreadable body
     */
    public List<RestKline> klines(String symbol, String interval, long startTime, long endTime, int limit) {
        String upper = upper(symbol);
        KlineIntervals.parse(interval);
        if (startTime > endTime) {
            throw new IllegalArgumentException("startTime " + startTime + " is after endTime " + endTime);
        }
        RestResponse response = host.get("/api/v3/klines?symbol=" + encode(upper) + "&interval=" + interval
                + "&startTime=" + startTime + "&endTime=" + endTime + "&limit=" + limit(limit), KLINES_WEIGHT);
        return RestRows.klines(ok(response, upper));
    }

    /**
     * How long a call of {@code weight} would wait for the host's limits if sent now (0: it would go at once); nothing
     * is reserved.
     */
    public long readyInNanos(int weight) {
        return host.gate().waitNanos(weight);
    }

    private static RestResponse ok(RestResponse response, String symbol) {
        if (response.status() == 200) {
            return response;
        }
        if (response.status() == 400 && response.binanceError().filter(e -> e.code() == INVALID_SYMBOL).isPresent()) {
            throw new InvalidSymbolException(List.of(symbol), "GET " + response.uri() + " answered HTTP 400 "
                    + response.bodyText());
        }
        throw response.failure();
    }

    private static String upper(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("no symbol given");
        }
        return SymbolShape.normalize(symbol); // ASCII letters only: "ä" stays, as Binance lists it
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
        return limit;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
