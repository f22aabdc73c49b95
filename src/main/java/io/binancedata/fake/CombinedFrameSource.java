package io.binancedata.fake;

import java.util.List;

/**
 * A combined-stream connection ({@code /stream?streams=a/b}): the due-earliest frame of its sources, wrapped as
 * {@code {"stream":"<name>","data":<event>}}.
 */
final class CombinedFrameSource implements FrameSource {
    private final List<FrameSource> sources;
    private FrameSource chosen;
    private Frame next;

    CombinedFrameSource(List<FrameSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public Frame peek() {
        if (next == null) {
            Frame earliest = null;
            for (FrameSource source : sources) {
                Frame frame = source.peek();
                if (frame != null && (earliest == null || frame.time() < earliest.time())) {
                    earliest = frame;
                    chosen = source;
                }
            }
            if (earliest != null) {
                next = new Frame(earliest.stream(), earliest.time(), wrap(earliest.stream(), earliest.text()));
            }
        }
        return next;
    }

    @Override
    public void onSending() {
        chosen.onSending();
    }

    @Override
    public void advance() {
        chosen.advance();
        chosen = null;
        next = null;
    }

    static String wrap(String stream, String data) {
        return "{\"stream\":" + FakeJson.quote(stream) + ",\"data\":" + data + "}";
    }
}
