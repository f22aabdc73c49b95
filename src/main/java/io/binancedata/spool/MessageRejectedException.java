package io.binancedata.spool;

/**
 * Thrown by a {@link Delivery} when the sink refused this one message as invalid (for example HTTP 400) rather than
 * failing as a whole. Such a message is neither retried nor spooled: it would block every message behind it.
 */
public class MessageRejectedException extends Exception {

    public MessageRejectedException(Throwable cause) {
        super(cause.toString(), cause);
    }

    public MessageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
