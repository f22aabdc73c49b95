package io.binancedata.symbols;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestResponse;

/**
 * Reads {@code GET /api/v3/exchangeInfo} (weight 20): every symbol with its status. Goes through the REST host's
 * gate like every other REST call; HTTP status and timeouts (covering the whole response) are checked.
 */
public final class ExchangeInfoClient {
    /** Request weight of {@code GET /api/v3/exchangeInfo}. */
    public static final int WEIGHT = 20;
    private static final String PATH = "/api/v3/exchangeInfo";
    private static final JsonFactory JSON = new JsonFactory();

    private final RestHost host;

    /** A client sharing the REST host (and so the rate-limit gate) of the other REST clients. */
    public ExchangeInfoClient(RestHost host) {
        this.host = host;
    }

    /**
     * @return symbol → status ({@code TRADING}, {@code BREAK}, {@code HALT}, ...)
     * @throws ExchangeUnavailableException on an HTTP error status, a timeout (covering the whole response, body
     *                                      included), an unreadable body, or limits that do not allow the call
     *                                      within the wait ({@link io.binancedata.api.RateLimitedException})
     */
    public Map<String, SymbolListing> fetchListings() {
        RestResponse response = host.get(PATH, WEIGHT);
        if (response.status() != 200) {
            throw response.failure();
        }
        try {
            return parse(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new ExchangeUnavailableException("Unreadable exchangeInfo from " + response.uri() + ": "
                    + e.getMessage(), e);
        }
    }

    static Map<String, SymbolListing> parse(InputStream body) throws IOException {
        Map<String, SymbolListing> statuses = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("symbols".equals(field) && p.currentToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readSymbol(p, statuses);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (statuses.isEmpty()) {
            throw new IOException("no symbols listed");
        }
        return statuses;
    }

    private static void readSymbol(JsonParser p, Map<String, SymbolListing> statuses) throws IOException {
        String symbol = null;
        String status = null;
        String quoteAsset = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("symbol".equals(field)) {
                symbol = p.getValueAsString();
            } else if ("status".equals(field)) {
                status = p.getValueAsString();
            } else if ("quoteAsset".equals(field)) {
                quoteAsset = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
        if (symbol != null && status != null) {
            statuses.put(symbol, new SymbolListing(status, quoteAsset));
        }
    }
}
