package io.binancedata.rest;

import io.binancedata.api.ExchangeUnavailableException;

/**
 * The exchange answered a REST call, but not with what was asked for: an error status (other than 429/418, which
 * {@link RestHost} waits out), or a 200 whose body cannot be read. Carries the status, so that a caller can tell an
 * outage worth trying again (5xx) from an answer that will not change (4xx, a body of the wrong shape). A call that got
 * no answer at all (timeout, connection refused) throws a plain {@link ExchangeUnavailableException}.
 */
public class RestAnswerException extends ExchangeUnavailableException {
    private final int status;

    public RestAnswerException(int status, String message) {
        super(message);
        this.status = status;
    }

    public RestAnswerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the answer (200 for a body that could not be read). */
    public int status() {
        return status;
    }
}
