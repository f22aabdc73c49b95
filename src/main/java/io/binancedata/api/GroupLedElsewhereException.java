package io.binancedata.api;

import java.util.List;

/**
 * A start asked, in a cluster, for streams to the configured sinks whose group this instance does not lead: their
 * Kafka writes would be fenced off, so nothing was started. Start them on the instance that leads the group (the
 * message names it when known), or add the symbols to the configuration of every instance.
 */
public class GroupLedElsewhereException extends BinanceDataException {
    private final List<String> streamIds;

    public GroupLedElsewhereException(List<String> streamIds, String message) {
        super(Echo.message(message));
        this.streamIds = List.copyOf(streamIds);
    }

    public List<String> streamIds() {
        return streamIds;
    }
}
