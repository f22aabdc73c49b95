package io.binancedata.api;

/** Base of every error the product's Java API and control route report. */
public class BinanceDataException extends RuntimeException {
    public BinanceDataException(String message) {
        super(message);
    }

    public BinanceDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
