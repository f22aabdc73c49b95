package io.binancedata.spool;

import java.io.IOException;

/** A spool refused a message because it would grow beyond its bound on disk ({@code maxSpoolBytes}). */
public class SpoolFullException extends IOException {

    public SpoolFullException(String message) {
        super(message);
    }
}
