package io.binancedata.stream;

import java.util.List;

/**
 * Outcome of a start request.
 *
 * @param started        ids of the streams this request started (or restarted after their connection died)
 * @param alreadyRunning ids of the streams that were already running; starting them was a no-op
 */
public record StartResult(List<String> started, List<String> alreadyRunning) {
}
