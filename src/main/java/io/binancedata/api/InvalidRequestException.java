package io.binancedata.api;

/**
 * A request that cannot be carried out as given: an unknown interval or kind, an empty symbol list, a bad control
 * message. Messages longer than {@link Echo#MAX_MESSAGE_CHARS} are cut.
 */
public class InvalidRequestException extends BinanceDataException {
    public InvalidRequestException(String message) {
        super(Echo.message(message));
    }
}
