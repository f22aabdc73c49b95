package io.binancedata.spool;

/**
 * The oldest undelivered message of a spool and where it lies, as returned by {@link SpoolStore#peek()}; hand it back
 * to {@link SpoolStore#ack(SpoolEntry)} once the sink accepted it.
 *
 * @param segment sequence number of the segment file holding it
 * @param offset  byte offset of the record in that file
 * @param length  bytes the record takes in the file, framing included
 * @param record  the message
 */
public record SpoolEntry(long segment, long offset, int length, SpoolRecord record) {
}
