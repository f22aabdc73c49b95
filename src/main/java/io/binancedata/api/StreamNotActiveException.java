package io.binancedata.api;

import java.util.List;

/** A stop named one or more streams that do not run; nothing was stopped. */
public class StreamNotActiveException extends BinanceDataException {
    private final List<String> streamIds;

    public StreamNotActiveException(List<String> streamIds) {
        super("Stream(s) not active: " + String.join(", ", streamIds));
        this.streamIds = List.copyOf(streamIds);
    }

    public List<String> streamIds() {
        return streamIds;
    }
}
