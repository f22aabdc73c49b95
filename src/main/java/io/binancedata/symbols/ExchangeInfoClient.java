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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code GET /api/v3/exchangeInfo} (weight 20): every symbol with its status. Goes through the REST host's
 * gate like every other REST call; HTTP status and timeouts (covering the whole response) are checked.
 */
public final class ExchangeInfoClient {
    /** Request weight of {@code GET /api/v3/exchangeInfo}. */
    public static final int WEIGHT = 20;
    private static final String PATH = "/api/v3/exchangeInfo";
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeInfoClient.class);
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

    /**
     * The listings of a body. An entry of a bad shape — not an object, or its {@code symbol} or {@code status} missing
     * or not a string — is left out (one WARN naming how many), never read into its neighbours.
     *
     * @throws IOException if the body is not JSON, not an object, or lists no symbol
     */
    static Map<String, SymbolListing> parse(InputStream body) throws IOException {
        Map<String, SymbolListing> statuses = new HashMap<>();
        int badEntries = 0;
        String firstBad = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("symbols".equals(field) && p.currentToken() == JsonToken.START_ARRAY) {
                    int index = 0;
                    for (JsonToken entry = p.nextToken(); entry != JsonToken.END_ARRAY; entry = p.nextToken()) {
                        if (entry == null) {
                            throw new IOException("the symbols array does not end");
                        }
                        if (entry != JsonToken.START_OBJECT || !readSymbol(p, statuses)) {
                            p.skipChildren();
                            badEntries++;
                            firstBad = firstBad == null ? "symbols[" + index + "]" : firstBad;
                        }
                        index++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (statuses.isEmpty()) {
            throw new IOException("no symbols listed");
        }
        if (badEntries > 0) {
            LOG.warn("exchangeInfo lists {} entr{} of a bad shape (the first: {}; each needs \"symbol\" and \"status\" "
                    + "strings), left out", badEntries, badEntries == 1 ? "y" : "ies", firstBad);
        }
        return statuses;
    }

    /**
     * Reads one entry of the symbols array, its {@code START_OBJECT} current, to its {@code END_OBJECT}.
     *
     * @return whether it has a symbol and a status, each a string (a {@code quoteAsset} not a string is left unknown)
     */
    private static boolean readSymbol(JsonParser p, Map<String, SymbolListing> statuses) throws IOException {
        String symbol = null;
        String status = null;
        String quoteAsset = null;
        boolean shaped = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
            if (text == null) {
                p.skipChildren();
            }
            if ("symbol".equals(field)) {
                symbol = text;
                shaped &= text != null;
            } else if ("status".equals(field)) {
                status = text;
                shaped &= text != null;
            } else if ("quoteAsset".equals(field)) {
                quoteAsset = text;
            }
        }
        if (!shaped || symbol == null || status == null) {
            return false;
        }
        statuses.put(symbol, new SymbolListing(status, quoteAsset));
        return true;
    }
}
