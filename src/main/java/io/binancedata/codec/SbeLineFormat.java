package io.binancedata.codec;

/**
 * A text format of SBE messages, one line per message, fed by {@link SbeMessageWalker}: JSON lines
 * ({@link SbeJsonPrinter}) or CSV ({@link SbeCsvPrinter}).
 */
public interface SbeLineFormat extends SbeMessageWalker.Fields {
    /** The last message walked, as one line without line terminator; valid until the next walk. */
    CharSequence line();

    /** Whether the format starts with a header line ({@link #header()}). */
    boolean hasHeader();

    /** The header line of the last message's type, without line terminator: its field names, in field order. */
    CharSequence header();
}
