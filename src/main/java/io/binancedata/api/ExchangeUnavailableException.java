package io.binancedata.api;

/** The exchange's REST API could not be read (HTTP error status, timeout, unreadable body). */
public class ExchangeUnavailableException extends BinanceDataException {
    public ExchangeUnavailableException(String message) {
        super(message);
    }

    public ExchangeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
