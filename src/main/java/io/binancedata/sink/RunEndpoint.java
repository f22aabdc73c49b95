package io.binancedata.sink;

import org.apache.camel.Endpoint;

/**
 * An endpoint whose producer also takes a run of messages in one exchange: a body of {@code List<Message>}, each
 * message as the endpoint takes it alone, sent together, and the exchange fails if any of them could not be sent (some
 * may have been). A message that is invalid fails the exchange before any is sent, with an
 * {@link IllegalArgumentException}. A spool in front re-delivers what it holds in such runs, so that a sink that fell
 * behind catches up at the speed of whole runs (for Kafka: one send of all their records, or one transaction per
 * group) instead of one round trip per message.
 */
public interface RunEndpoint extends Endpoint {
}
