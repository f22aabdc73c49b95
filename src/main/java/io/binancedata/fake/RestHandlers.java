package io.binancedata.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.codec.KlineIntervals;
import io.binancedata.fake.FaultPlan.RestRejection;
import io.binancedata.sbe.KlineInterval;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Binance's REST market-data endpoints the product uses: {@code exchangeInfo}, {@code historicalTrades},
 * {@code trades} (the latest trades), {@code aggTrades} (by start time), {@code klines} (plus {@code ping} and
 * {@code time}). Every answer is JSON and carries
 * {@code X-MBX-USED-WEIGHT-1M}; errors use Binance's {@code {"code":..,"msg":..}} bodies. The {@link FaultPlan}
 * can reject requests (429/418 with {@code Retry-After}, 5xx), of every path or of one, or hold answers back.
 */
final class RestHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(RestHandlers.class);
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 1000;

    private final ExchangeInfo exchangeInfo;
    private final Map<String, SymbolMarket> markets;
    private final MarketClock clock;
    private final Vertx vertx;
    private final FakeExchangeOptions options;
    private final ExchangeStats stats;
    private final Clock wallClock;
    private final RequestWeight weight;

    RestHandlers(ExchangeInfo exchangeInfo, Map<String, SymbolMarket> markets, MarketClock clock, Vertx vertx,
                 FakeExchangeOptions options, ExchangeStats stats) {
        this.exchangeInfo = exchangeInfo;
        this.markets = markets;
        this.clock = clock;
        this.vertx = vertx;
        this.options = options;
        this.stats = stats;
        this.wallClock = options.wallClock();
        this.weight = new RequestWeight(wallClock);
    }

    void handle(HttpServerRequest request) {
        String requested = request.path();
        stats.onRestRequest(requested);
        AtomicBoolean done = new AtomicBoolean();
        Runnable onDone = () -> {
            if (done.compareAndSet(false, true)) {
                stats.onRestDone(requested);
            }
        };
        request.response().endHandler(ended -> onDone.run());
        request.response().closeHandler(closed -> onDone.run());
        RestRejection rejection = options.faults().nextRestRejection(requested);
        if (rejection != null) {
            reject(request, rejection);
            return;
        }
        Duration delay = options.faults().nextRestDelay(requested);
        if (delay.isZero()) {
            answer(request);
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), timer -> {
                if (!request.response().closed()) {
                    answer(request);
                }
            });
        }
    }

    private void answer(HttpServerRequest request) {
        String path = request.path();
        if (request.method() != HttpMethod.GET) {
            reply(request, 405, 1, FakeJson.error(-1, "Method not allowed."));
            return;
        }
        try {
            switch (path) {
                case "/api/v3/exchangeInfo" -> exchangeInfo(request);
                case "/api/v3/historicalTrades" -> historicalTrades(request);
                case "/api/v3/trades" -> recentTrades(request);
                case "/api/v3/aggTrades" -> aggTrades(request);
                case "/api/v3/klines" -> klines(request);
                case "/api/v3/ping" -> reply(request, 200, 1, "{}");
                case "/api/v3/time" -> reply(request, 200, 1, "{\"serverTime\":" + wallClock.millis() + "}");
                default -> reply(request, 404, 1, FakeJson.error(-1, "Not found: " + path));
            }
        } catch (BadRequest e) {
            reply(request, 400, 1, FakeJson.error(e.code, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("REST {} failed", request.uri(), e);
            reply(request, 500, 1, FakeJson.error(-1000, "An unknown error occurred while processing the request."));
        }
    }

    private void exchangeInfo(HttpServerRequest request) {
        Predicate<JsonNode> filter = entry -> true;
        String symbol = request.getParam("symbol");
        String symbols = request.getParam("symbols");
        if (symbol != null) {
            knownSymbol(symbol);
            filter = entry -> symbol.equals(entry.path("symbol").asText());
        } else if (symbols != null) {
            Set<String> wanted = symbolList(symbols);
            filter = entry -> wanted.contains(entry.path("symbol").asText());
        }
        String status = request.getParam("symbolStatus");
        if (status != null) {
            filter = filter.and(entry -> status.equals(entry.path("status").asText()));
        }
        reply(request, 200, 20, exchangeInfo.json(filter, wallClock.millis()));
    }

    private Set<String> symbolList(String json) {
        JsonNode list = FakeJson.parseOrNull(json);
        if (list == null || !list.isArray()) {
            throw new BadRequest(-1100, "Illegal characters found in parameter 'symbols'.");
        }
        Set<String> wanted = new HashSet<>();
        list.forEach(node -> wanted.add(knownSymbol(node.asText())));
        return wanted;
    }

    private void historicalTrades(HttpServerRequest request) {
        String symbol = knownSymbol(mandatory(request, "symbol"));
        int limit = limit(request);
        Long fromId = longParam(request, "fromId");
        SymbolMarket market = markets.get(symbol);
        List<TapeTrade> trades = market == null ? List.of()
                : MarketQueries.historicalTrades(market, clock, fromId, limit);
        reply(request, 200, 25, trades.stream().map(RestHandlers::tradeJson)
                .collect(Collectors.joining(",", "[", "]")));
    }

    /** {@code /api/v3/trades?symbol=&limit=}: the most recent trades that have happened, oldest first (weight 25). */
    private void recentTrades(HttpServerRequest request) {
        String symbol = knownSymbol(mandatory(request, "symbol"));
        int limit = limit(request);
        SymbolMarket market = markets.get(symbol);
        List<TapeTrade> trades = market == null ? List.of()
                : MarketQueries.historicalTrades(market, clock, null, limit);
        reply(request, 200, 25, trades.stream().map(RestHandlers::tradeJson)
                .collect(Collectors.joining(",", "[", "]")));
    }

    /**
     * {@code /api/v3/aggTrades?symbol=&startTime=&limit=} (weight 4): the trades at or after {@code startTime}, or
     * without it the most recent, oldest first, among trades that have happened; each trade is an aggregate of its own
     * ({@code a = f = l =} its id: the fake knows no orders). {@code fromId} and {@code endTime} are not served.
     */
    private void aggTrades(HttpServerRequest request) {
        String symbol = knownSymbol(mandatory(request, "symbol"));
        int limit = limit(request);
        if (request.getParam("fromId") != null || request.getParam("endTime") != null) {
            throw new BadRequest(-1100, "The fake exchange serves aggTrades by startTime or the most recent only.");
        }
        Long startTime = longParam(request, "startTime");
        SymbolMarket market = markets.get(symbol);
        List<TapeTrade> trades = market == null ? List.of() : startTime == null
                ? MarketQueries.historicalTrades(market, clock, null, limit)
                : MarketQueries.tradesFrom(market, clock, startTime, limit);
        reply(request, 200, 4, trades.stream().map(RestHandlers::aggTradeJson)
                .collect(Collectors.joining(",", "[", "]")));
    }

    private void klines(HttpServerRequest request) {
        String symbol = knownSymbol(mandatory(request, "symbol"));
        KlineInterval interval = KlineIntervals.lookup(mandatory(request, "interval"));
        if (interval == KlineInterval.NULL_VAL) {
            throw new BadRequest(-1120, "Invalid interval.");
        }
        int limit = limit(request);
        SymbolMarket market = markets.get(symbol);
        List<Kline> klines = market == null ? List.of() : MarketQueries.klines(market, clock, interval,
                longParam(request, "startTime"), longParam(request, "endTime"), limit);
        reply(request, 200, 2, klines.stream().map(Kline::restRow).collect(Collectors.joining(",", "[", "]")));
    }

    static String tradeJson(TapeTrade trade) {
        BigDecimal quote = trade.priceValue().multiply(trade.qtyValue()).stripTrailingZeros();
        return "{\"id\":" + trade.id() + ",\"price\":\"" + trade.price() + "\",\"qty\":\"" + trade.qty()
                + "\",\"quoteQty\":\"" + quote.toPlainString() + "\",\"time\":" + trade.tradeTime()
                + ",\"isBuyerMaker\":" + trade.buyerMaker() + ",\"isBestMatch\":" + trade.bestMatch() + "}";
    }

    static String aggTradeJson(TapeTrade trade) {
        return "{\"a\":" + trade.id() + ",\"p\":\"" + trade.price() + "\",\"q\":\"" + trade.qty() + "\",\"f\":"
                + trade.id() + ",\"l\":" + trade.id() + ",\"T\":" + trade.tradeTime() + ",\"m\":" + trade.buyerMaker()
                + ",\"M\":" + trade.bestMatch() + "}";
    }

    private String knownSymbol(String symbol) {
        if (!exchangeInfo.has(symbol)) {
            throw new BadRequest(-1121, "Invalid symbol.");
        }
        return symbol;
    }

    private static String mandatory(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value == null || value.isEmpty()) {
            throw new BadRequest(-1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
        }
        return value;
    }

    private static int limit(HttpServerRequest request) {
        Long limit = longParam(request, "limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1) {
            throw new BadRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1-1000'.");
        }
        return (int) Math.min(limit, MAX_LIMIT);
    }

    private static Long longParam(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value == null) {
            return null;
        }
        return Optional.of(value).filter(text -> text.matches("-?\\d{1,18}")).map(Long::valueOf)
                .orElseThrow(() -> new BadRequest(-1100, "Illegal characters found in parameter '" + name + "'."));
    }

    private void reply(HttpServerRequest request, int status, int requestWeight, String body) {
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json;charset=UTF-8")
                .putHeader("X-MBX-USED-WEIGHT-1M", Long.toString(used(requestWeight)))
                .end(body);
    }

    /** Adds a request's weight to the minute's, noting the peak; returns the minute's. */
    private long used(int requestWeight) {
        long used = weight.add(requestWeight);
        stats.onRestWeight(used);
        return used;
    }

    private void reject(HttpServerRequest request, RestRejection rejection) {
        stats.onRestRejected();
        long retryAfter = rejection.retryAfter() == null ? -1 : Math.max(0, rejection.retryAfter().toSeconds());
        String body = switch (rejection.status()) {
            case 429 -> FakeJson.error(-1003, "Too many requests; current limit of IP(" + remoteIp(request)
                    + ") request weight per 1 minute is 6000. Please use WebSocket Streams for live updates to"
                    + " avoid polling the API.");
            case 418 -> FakeJson.error(-1003, "Way too many requests; IP(" + remoteIp(request) + ") banned until "
                    + (wallClock.millis() + Math.max(0, retryAfter) * 1000) + ". Please use WebSocket Streams for"
                    + " live updates to avoid bans.");
            default -> FakeJson.error(-1001, "Internal error; unable to process your request. Please try again.");
        };
        HttpServerResponse response = request.response().setStatusCode(rejection.status())
                .putHeader("Content-Type", "application/json;charset=UTF-8")
                .putHeader("X-MBX-USED-WEIGHT-1M", Long.toString(used(0)));
        if (retryAfter >= 0) {
            response.putHeader("Retry-After", Long.toString(retryAfter));
        }
        response.end(body);
    }

    private static String remoteIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? "127.0.0.1" : request.remoteAddress().hostAddress();
    }

    /** A request Binance would answer with HTTP 400 and this error code. */
    private static final class BadRequest extends RuntimeException {
        private final int code;

        BadRequest(int code, String msg) {
            super(msg, null, false, false);
            this.code = code;
        }
    }
}
