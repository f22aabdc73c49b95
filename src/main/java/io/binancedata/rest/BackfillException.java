package io.binancedata.rest;

import io.binancedata.api.ExchangeUnavailableException;

/**
 * The exchange did not return what a backfill asked for: a hole in the trade ids, no trades where some must exist,
 * rows out of order. Nothing partial is returned; the message names the symbol and the ids or times concerned.
 */
public class BackfillException extends ExchangeUnavailableException {
    public BackfillException(String message) {
        super(message);
    }
}
