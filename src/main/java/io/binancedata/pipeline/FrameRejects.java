package io.binancedata.pipeline;

/** Where frames go that cannot be delivered: the dead letter, which keeps the raw frame as received. */
@FunctionalInterface
public interface FrameRejects {
    /**
     * @param rawFrame          the frame as received
     * @param receiveTimeMicros when this process read it
     * @param step              the step that refused it: {@code decode}, {@code sink}, ...
     * @param reason            what was wrong
     */
    void reject(String rawFrame, long receiveTimeMicros, String step, String reason);
}
