package io.binancedata.fake;

/** The frames of one connection in due order; pulled by the replayer as the clock and the socket allow. */
interface FrameSource {
    /** The next frame without consuming it, or {@code null} when the source has ended. */
    Frame peek();

    /** Called just before the frame {@link #peek()} returned is handed to the socket. */
    default void onSending() {
    }

    /** Consumes the frame {@link #peek()} returned. */
    void advance();

    /** A source that never sends anything: a well-formed stream for a symbol with no market. */
    FrameSource SILENT = new FrameSource() {
        @Override
        public Frame peek() {
            return null;
        }

        @Override
        public void advance() {
            throw new IllegalStateException("a silent source has no frame");
        }
    };
}
