package io.binancedata.api;

import java.util.List;

/** A stop named one or more streams that do not run; nothing was stopped. Ids are shown through {@link Echo}. */
public class StreamNotActiveException extends BinanceDataException {
    private final List<String> streamIds;

    public StreamNotActiveException(List<String> streamIds) {
        super(Echo.message("Stream(s) not active: " + String.join(", ", streamIds.stream().map(Echo::of).toList())));
        this.streamIds = List.copyOf(streamIds);
    }

    public List<String> streamIds() {
        return streamIds;
    }
}
