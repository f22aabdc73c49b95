package io.binancedata.api;

import java.util.List;

/** One or more streams could not connect (reconnect attempts used up, or not streaming within the wait). */
public class ConnectionFailedException extends BinanceDataException {
    private final List<String> streamIds;

    public ConnectionFailedException(List<String> streamIds, String detail) {
        super("Connection failed for " + String.join(", ", streamIds) + ": " + detail);
        this.streamIds = List.copyOf(streamIds);
    }

    public List<String> streamIds() {
        return streamIds;
    }
}
