package io.binancedata.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.binancedata.api.ExchangeUnavailableException;

/**
 * Strict reading of the market-data rows: every field required with its JSON type (integers for ids, times and
 * counts, strings holding plain decimals for prices and volumes, booleans for flags); no coercion, no defaults.
 * A violation is an {@link ExchangeUnavailableException} "Unreadable response" naming the row and field.
 */
final class RestRows {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build(); // "[...] x" is no answer either
    private static final String[] KLINE_FIELDS = {"openTime", "open", "high", "low", "close", "volume", "closeTime",
        "quoteVolume", "tradeCount", "takerBuyVolume", "takerBuyQuoteVolume"};

    private RestRows() {
    }

    static List<RestTrade> trades(RestResponse response) {
        return objects(response, "trade", (where, row) -> new RestTrade(integer(response, where, "id", row.get("id")),
                decimal(response, where, "price", row.get("price")),
                decimal(response, where, "qty", row.get("qty")),
                integer(response, where, "time", row.get("time")),
                bool(response, where, "isBuyerMaker", row.get("isBuyerMaker")),
                bool(response, where, "isBestMatch", row.get("isBestMatch"))));
    }

    static List<RestAggTrade> aggTrades(RestResponse response) {
        return objects(response, "aggregate trade", (where, row) -> {
            RestAggTrade trade = new RestAggTrade(integer(response, where, "a", row.get("a")),
                    integer(response, where, "f", row.get("f")), integer(response, where, "l", row.get("l")),
                    integer(response, where, "T", row.get("T")));
            if (trade.firstTradeId() < 0 || trade.lastTradeId() < trade.firstTradeId()) {
                throw response.unreadable(where + " has trade ids " + trade.firstTradeId() + " to "
                        + trade.lastTradeId());
            }
            return trade;
        });
    }

    /** Each row of the response's array, an object, read by {@code read} with its place ({@code "<what> <i>"}). */
    private static <T> List<T> objects(RestResponse response, String what, BiFunction<String, JsonNode, T> read) {
        JsonNode rows = array(response);
        List<T> values = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String where = what + " " + i;
            if (!row.isObject()) {
                throw response.unreadable(where + " is not an object");
            }
            values.add(read.apply(where, row));
        }
        return values;
    }

    static List<RestKline> klines(RestResponse response) {
        JsonNode rows = array(response);
        List<RestKline> klines = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String where = "kline row " + i;
            if (!row.isArray() || row.size() < KLINE_FIELDS.length) {
                throw response.unreadable(where + " is not an array of at least " + KLINE_FIELDS.length + " values");
            }
            klines.add(new RestKline(integer(response, where, 0, row), decimal(response, where, 1, row),
                    decimal(response, where, 2, row), decimal(response, where, 3, row),
                    decimal(response, where, 4, row), decimal(response, where, 5, row),
                    integer(response, where, 6, row), decimal(response, where, 7, row),
                    integer(response, where, 8, row), decimal(response, where, 9, row),
                    decimal(response, where, 10, row)));
        }
        return klines;
    }

    private static JsonNode array(RestResponse response) {
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw response.unreadable("not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw response.unreadable("not JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isArray()) {
            throw response.unreadable("not a JSON array");
        }
        return root;
    }

    private static long integer(RestResponse response, String where, int index, JsonNode row) {
        return integer(response, where, field(index), row.get(index));
    }

    private static String decimal(RestResponse response, String where, int index, JsonNode row) {
        return decimal(response, where, field(index), row.get(index));
    }

    private static String field(int index) {
        return KLINE_FIELDS[index] + " (index " + index + ")";
    }

    private static long integer(RestResponse response, String where, String field, JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrong(response, where, field, value, "an integer");
        }
        return value.longValue();
    }

    private static boolean bool(RestResponse response, String where, String field, JsonNode value) {
        if (value == null || !value.isBoolean()) {
            throw wrong(response, where, field, value, "a boolean");
        }
        return value.booleanValue();
    }

    private static String decimal(RestResponse response, String where, String field, JsonNode value) {
        if (value == null || !value.isTextual() || !isDecimal(value.textValue())) {
            throw wrong(response, where, field, value, "a decimal string");
        }
        return value.textValue();
    }

    /** Plain non-negative decimal: digits, optionally a dot and more digits. */
    static boolean isDecimal(String text) {
        int dot = text.indexOf('.');
        int end = text.length();
        if (end == 0 || dot == 0 || dot == end - 1) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && i != dot) {
                return false;
            }
        }
        return true;
    }

    private static ExchangeUnavailableException wrong(RestResponse response, String where, String field,
                                                      JsonNode value, String expected) {
        String found = value == null ? "missing"
                : value.isNull() ? "null" : value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + value;
        return response.unreadable(where + ": field '" + field + "' is " + found + ", expected " + expected);
    }
}
