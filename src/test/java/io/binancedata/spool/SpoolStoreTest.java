package io.binancedata.spool;

import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spool files on their own: order, acknowledgement, restart, torn records, bounds. */
class SpoolStoreTest {
    private static final long MAX_BYTES = 1 << 20;
    private static final long SEGMENT_BYTES = 64 * 1024;

    @TempDir
    Path dir;
    private final List<SpoolStore> opened = new ArrayList<>();

    @Test
    void shouldReadRecordsInAppendOrderWithTheirHeaderTypes() throws IOException {
        SpoolStore store = open();
        for (int i = 0; i < 3; i++) {
            store.append(record(i));
        }
        assertThat(store.depth()).isEqualTo(3);
        assertThat(store.depthBytes()).isEqualTo(3L * framedLength(record(0)));

        for (int i = 0; i < 3; i++) {
            SpoolEntry head = store.peek();
            assertThat(store.peek()).as("peek does not consume")
                    .usingRecursiveComparison().isEqualTo(head);
            assertRecord(head.record(), i);
            store.ack(head);
            assertThat(store.depth()).isEqualTo(2 - i);
        }
        assertThat(store.peek()).isNull();
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.depthBytes()).isZero();
        assertThat(segmentFiles()).as("an empty spool holds no segment").isEmpty();
        assertThat(store.diskBytes()).isZero();
    }

    @Test
    void shouldKeepUnacknowledgedRecordsAcrossARestart() throws IOException {
        SpoolStore store = open();
        for (int i = 0; i < 5; i++) {
            store.append(record(i));
        }
        store.ack(store.peek());
        store.ack(store.peek());
        store.close();

        SpoolStore reopened = open();
        assertThat(reopened.depth()).isEqualTo(3);
        assertThat(reopened.depthBytes()).isEqualTo(3L * framedLength(record(0)));
        reopened.append(record(5));
        assertThat(drain(reopened)).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void shouldKeepTheBackfilledHeaderAsABooleanAcrossARestart() throws IOException {
        SpoolStore store = open();
        store.append(new SpoolRecord(Map.of("BinanceBackfilled", Boolean.TRUE, "BinanceReceiveTime", 7L),
                new byte[] {1, 2}));
        store.append(new SpoolRecord(Map.of("BinanceBackfilled", Boolean.FALSE), new byte[] {3}));
        store.close();

        SpoolStore reopened = open();
        SpoolRecord first = reopened.peek().record();
        assertThat(first.headers()).containsExactlyInAnyOrderEntriesOf(
                Map.of("BinanceBackfilled", Boolean.TRUE, "BinanceReceiveTime", 7L));
        assertThat(first.headers().get("BinanceBackfilled")).isInstanceOf(Boolean.class);
        assertThat(first.body()).containsExactly(1, 2);
        reopened.ack(reopened.peek());
        assertThat(reopened.peek().record().headers()).containsExactly(Map.entry("BinanceBackfilled", Boolean.FALSE));
    }

    @Test
    void shouldReadARecordAgainAfterARestartIfItWasNotAcknowledged() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        store.append(record(1));
        store.ack(store.peek());
        SpoolEntry delivered = store.peek(); // handed to the sink, then the process dies before the ack
        store.close();

        SpoolStore reopened = open();
        assertThat(reopened.peek()).usingRecursiveComparison().isEqualTo(delivered);
        assertThat(drain(reopened)).containsExactly(1L);
    }

    @Test
    void shouldStartNewSegmentsAndDeleteEachOnceDelivered() throws IOException {
        SpoolStore store = SpoolStore.open(dir, MAX_BYTES, 4096, false);
        opened.add(store);
        for (int i = 0; i < 20; i++) {
            store.append(record(i, 1000));
        }
        assertThat(segmentFiles()).hasSize(7); // three 1,0xx-byte records per 4 KiB segment
        long diskBytes = store.diskBytes();
        assertThat(diskBytes).isEqualTo(sizeOfSegmentFiles());

        for (int i = 0; i < 3; i++) {
            store.ack(store.peek());
        }
        assertThat(segmentFiles()).hasSize(6);
        assertThat(store.diskBytes()).isEqualTo(sizeOfSegmentFiles()).isLessThan(diskBytes);

        store.close();
        SpoolStore reopened = SpoolStore.open(dir, MAX_BYTES, 4096, false);
        opened.add(reopened);
        assertThat(drain(reopened)).containsExactlyElementsOf(range(3, 20));
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void shouldReadARunAcrossSegmentsWithinItsBoundsAndAcknowledgeItAtOnce() throws IOException {
        SpoolStore store = SpoolStore.open(dir, MAX_BYTES, 4096, false);
        opened.add(store);
        for (int i = 0; i < 10; i++) {
            store.append(record(i, 1000)); // three per 4 KiB segment
        }
        int length = framedLength(record(0, 1000));

        assertThat(numbers(store.peek(5, Long.MAX_VALUE))).as("across segments").containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(numbers(store.peek(5, 2L * length))).as("bytes bound").containsExactly(0L, 1L);
        assertThat(numbers(store.peek(5, 1))).as("at least one").containsExactly(0L);
        assertThat(numbers(store.peek(5, 2L * length))).as("peek does not consume").containsExactly(0L, 1L);

        store.ack(store.peek(4, Long.MAX_VALUE));
        assertThat(store.depth()).isEqualTo(6);
        assertThat(store.depthBytes()).isEqualTo(6L * length);
        assertThat(segmentFiles()).as("the first segment delivered and deleted").hasSize(3);
        assertThat(numbers(store.peek(100, Long.MAX_VALUE))).as("no more than it holds")
                .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        store.close();

        SpoolStore reopened = SpoolStore.open(dir, MAX_BYTES, 4096, false);
        opened.add(reopened);
        assertThat(reopened.depth()).as("the run's position committed").isEqualTo(6);
        reopened.ack(reopened.peek(6, Long.MAX_VALUE));
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.peek(5, Long.MAX_VALUE)).isEmpty();
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void shouldRefuseARunThatDoesNotStartAtTheOldestRecord() throws IOException {
        SpoolStore store = open();
        for (int i = 0; i < 3; i++) {
            store.append(record(i));
        }
        List<SpoolEntry> run = store.peek(3, Long.MAX_VALUE);
        assertThatThrownBy(() -> store.ack(run.subList(1, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Not the oldest record");
        assertThat(store.depth()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreARecordTornByACrash() throws IOException {
        SpoolStore store = open();
        for (int i = 0; i < 3; i++) {
            store.append(record(i));
        }
        store.close();
        Path segment = segmentFiles().get(0);
        long intact = Files.size(segment) - framedLength(record(2));
        truncate(segment, Files.size(segment) - 5);

        SpoolStore reopened = open();
        assertThat(reopened.depth()).isEqualTo(2);
        assertThat(Files.size(segment)).as("torn tail cut off").isEqualTo(intact);
        reopened.append(record(3));
        assertThat(drain(reopened)).containsExactly(0L, 1L, 3L);
    }

    @Test
    void shouldIgnoreATrailingRecordThatFailsItsChecksum() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        store.append(record(1));
        store.close();
        Path segment = segmentFiles().get(0);
        overwrite(segment, Files.size(segment) - 1, new byte[] {42});

        SpoolStore reopened = open();
        assertThat(drain(reopened)).containsExactly(0L);
    }

    @Test
    void shouldIgnoreZerosLeftAfterTheLastRecord() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        store.close();
        Path segment = segmentFiles().get(0);
        overwrite(segment, Files.size(segment), new byte[100]);

        SpoolStore reopened = open();
        assertThat(reopened.depth()).isEqualTo(1);
        reopened.append(record(1));
        assertThat(drain(reopened)).containsExactly(0L, 1L);
    }

    @Test
    void shouldRefuseRecordsBeyondMaxBytesWithoutWritingAnything() throws IOException {
        SpoolStore store = SpoolStore.open(dir, 4096, 4096, false);
        opened.add(store);
        int appended = 0;
        while (store.diskBytes() + framedLength(record(appended, 500)) <= 4096) {
            store.append(record(appended++, 500));
        }
        long diskBytes = store.diskBytes();

        assertThatThrownBy(() -> store.append(record(99, 500)))
                .isInstanceOf(SpoolFullException.class).hasMessageContaining("is full").hasMessageContaining("4096");
        assertThat(store.depth()).isEqualTo(appended);
        assertThat(store.diskBytes()).isEqualTo(diskBytes).isEqualTo(sizeOfSegmentFiles()).isLessThanOrEqualTo(4096);
        assertThat(store.appendIfNotEmpty(record(5))).isTrue(); // a smaller one still fits

        assertThat(drain(store)).hasSize(appended + 1);
        store.append(record(100, 500));
        assertThat(store.depth()).isEqualTo(1);
    }

    /**
     * A sink that keeps pace (a record or two waiting, never none) never fills a spool whose segments are larger than
     * its bound: delivered records are only freed with their segment, so a segment is at most a quarter of the bound.
     */
    @Test
    void shouldNotFillUpWithDeliveredRecordsWhenSegmentsAreLargerThanTheBound() throws IOException {
        SpoolStore store = SpoolStore.open(dir, 16 * 1024, 1 << 20, false);
        opened.add(store);
        store.append(record(0, 1000));
        for (int i = 1; i < 100; i++) {
            store.append(record(i, 1000)); // one record waits behind the one being delivered: never empty
            store.ack(store.peek());
        }
        assertThat(store.depth()).isEqualTo(1);
        assertThat(store.diskBytes()).isLessThanOrEqualTo(2 * 4096);
    }

    @Test
    void shouldAppendIfNotEmptyOnlyBehindOtherRecords() throws IOException {
        SpoolStore store = open();
        assertThat(store.appendIfNotEmpty(record(0))).isFalse();
        assertThat(store.depth()).isZero();
        store.append(record(1));
        assertThat(store.appendIfNotEmpty(record(2))).isTrue();
        assertThat(drain(store)).containsExactly(1L, 2L);
    }

    @Test
    void shouldFallBackToThePreviousPositionWhenTheLatestCommitIsTorn() throws IOException {
        SpoolStore store = open();
        for (int i = 0; i < 4; i++) {
            store.append(record(i));
        }
        store.ack(store.peek()); // generation 1, slot 1
        store.ack(store.peek()); // generation 2, slot 0
        store.close();
        overwrite(dir.resolve(CommitFile.FILE_NAME), 8, new byte[] {1, 2, 3}); // tears slot 0

        SpoolStore reopened = open();
        assertThat(drain(reopened)).as("delivered again, never lost").containsExactly(1L, 2L, 3L);
    }

    /**
     * The commit that retired the last segment did not reach the disk (power loss, or the write failed), its file's
     * deletion did: the position left names a segment that no longer exists. Records spooled after the restart go to a
     * segment of a new number, so that the stale position cannot skip them at the next restart.
     */
    @Test
    void shouldNotApplyAPositionInADeletedSegmentToTheRecordsSpooledAfterIt() throws IOException {
        SpoolStore store = open();
        for (int i = 0; i < 3; i++) {
            store.append(record(i));
        }
        store.ack(store.peek());
        store.ack(store.peek());
        store.close();
        byte[] stale = Files.readAllBytes(dir.resolve(CommitFile.FILE_NAME)); // (segment 0, after record 1)
        SpoolStore again = open();
        again.ack(again.peek()); // the last record: segment 0 retired, deleted
        again.close();
        assertThat(segmentFiles()).isEmpty();
        Files.write(dir.resolve(CommitFile.FILE_NAME), stale);

        SpoolStore restarted = open();
        for (int i = 10; i < 13; i++) {
            restarted.append(record(i));
        }
        restarted.close();
        assertThat(drain(open())).as("every record spooled after the restart").containsExactly(10L, 11L, 12L);
    }

    /**
     * A segment between others holds no record (its data never reached the disk before a power loss: re-headed, or
     * cut at its first torn record): reading and acknowledging go past it to the next segment's records.
     */
    @Test
    void shouldReadAndAcknowledgePastASegmentLeftEmptyByACrash() throws IOException {
        SpoolStore store = SpoolStore.open(dir, MAX_BYTES, 4096, false);
        for (int i = 0; i < 9; i++) {
            store.append(record(i, 1000)); // three per 4 KiB segment: segments 0, 1, 2
        }
        store.close();
        truncate(segmentFiles().get(1), SpoolSegment.HEADER_LENGTH);

        SpoolStore reopened = SpoolStore.open(dir, MAX_BYTES, 4096, false);
        opened.add(reopened);
        assertThat(numbers(reopened.peek(5, Long.MAX_VALUE))).as("across the empty segment")
                .containsExactly(0L, 1L, 2L, 6L, 7L);
        assertThat(drain(reopened)).containsExactly(0L, 1L, 2L, 6L, 7L, 8L);
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void shouldStartFromTheOldestSegmentWithoutACommittedPosition() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        store.append(record(1));
        store.ack(store.peek());
        store.close();
        Files.delete(dir.resolve(CommitFile.FILE_NAME));

        assertThat(drain(open())).containsExactly(0L, 1L);
    }

    @Test
    void shouldRefuseASecondStoreOnTheSameFolder() throws IOException {
        open();
        assertThatThrownBy(() -> SpoolStore.open(dir, MAX_BYTES, SEGMENT_BYTES, false))
                .isInstanceOf(IOException.class).hasMessageContaining("in use");
    }

    @Test
    void shouldRefuseAFileThatIsNotASpoolSegment() throws IOException {
        Files.write(dir.resolve(SpoolSegment.fileName(7)), new byte[] {'n', 'o', 't', ' ', 's', 'p', 'o', 'o', 'l'});
        assertThatThrownBy(() -> SpoolStore.open(dir, MAX_BYTES, SEGMENT_BYTES, false))
                .isInstanceOf(IOException.class).hasMessageContaining("Not a spool segment");
        Files.delete(dir.resolve(SpoolSegment.fileName(7)));
        assertThat(open().isEmpty()).as("the failed open released the folder").isTrue();
    }

    @Test
    void shouldMoveARejectedRecordAsideAndGoOn() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        store.append(record(1));
        store.reject(store.peek());

        assertThat(store.depth()).isEqualTo(1);
        assertThat(drain(store)).containsExactly(1L);
        try (SpoolSegment rejected = SpoolSegment.open(dir.resolve(SpoolStore.REJECTED_FILE), -1, false)) {
            assertRecord(rejected.read(SpoolSegment.HEADER_LENGTH).record(), 0);
        }
    }

    /** Moved is moved: the drainer counts and reports a rejected record only when reject returns. */
    @Test
    void shouldReportARejectedRecordMovedEvenWhenItsPositionCannotBeCommitted() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        store.append(record(1));
        store.commitFile().close();

        try (LogCapture log = new LogCapture(SpoolStore.class)) {
            store.reject(store.peek());
            assertThat(log.events()).singleElement().asString().contains("moved to rejected.spool",
                    "its position not committed", "ClosedChannelException");
        }
        assertThat(store.depth()).isEqualTo(1);
        assertRecord(store.peek().record(), 1);
        try (SpoolSegment rejected = SpoolSegment.open(dir.resolve(SpoolStore.REJECTED_FILE), -1, false)) {
            assertRecord(rejected.read(SpoolSegment.HEADER_LENGTH).record(), 0);
        }
    }

    @Test
    void shouldAcknowledgeOnlyTheOldestRecord() throws IOException {
        SpoolStore store = open();
        store.append(record(0));
        SpoolEntry first = store.peek();
        store.append(record(1));
        store.ack(first);

        assertThatThrownBy(() -> store.ack(first)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Not the oldest record");
        assertThat(drain(store)).containsExactly(1L);
    }

    @Test
    void shouldRefuseHeadersItCannotKeep() {
        assertThatThrownBy(() -> new SpoolRecord(Map.of("price", 1.5), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price is a java.lang.Double");
        assertThatThrownBy(() -> new SpoolRecord(Map.of("", "x"), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpoolRecord(Map.of(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldWakeAWaitingReaderOnAppend() throws Exception {
        SpoolStore store = open();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return store.awaitRecords(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        store.append(record(0));
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldRefuseUseAfterClose() throws IOException {
        SpoolStore store = open();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.append(record(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @AfterEach
    void closeStores() throws IOException {
        for (SpoolStore store : opened) {
            store.close();
        }
    }

    /** The numbers of the records of a run, in order. */
    private static List<Long> numbers(List<SpoolEntry> run) {
        return run.stream().map(entry -> ByteBuffer.wrap(entry.record().body()).getLong()).toList();
    }

    static SpoolRecord record(long n) {
        return record(n, 60);
    }

    /** A record whose event time is {@code n}, with a String, a Long and an Integer header. */
    static SpoolRecord record(long n, int bodyLength) {
        byte[] body = new byte[bodyLength];
        ByteBuffer.wrap(body).putLong(n);
        return new SpoolRecord(Map.of("BinanceStreamId", "trade-btcusdt", "BinanceEventTime", n,
                "BinanceSbeTemplateId", 1), body);
    }

    static void assertRecord(SpoolRecord record, long n) {
        assertThat(record.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("BinanceStreamId", "trade-btcusdt",
                "BinanceEventTime", n, "BinanceSbeTemplateId", 1));
        assertThat(record.headers().get("BinanceEventTime")).isInstanceOf(Long.class);
        assertThat(record.headers().get("BinanceSbeTemplateId")).isInstanceOf(Integer.class);
        assertThat(record.body()).isEqualTo(record(n, record.body().length).body());
    }

    private SpoolStore open() throws IOException {
        SpoolStore store = SpoolStore.open(dir, MAX_BYTES, SEGMENT_BYTES, false);
        opened.add(store);
        return store;
    }

    /** Reads and acknowledges every record, returning their numbers. */
    private static List<Long> drain(SpoolStore store) throws IOException {
        List<Long> numbers = new ArrayList<>();
        for (SpoolEntry head = store.peek(); head != null; head = store.peek()) {
            numbers.add((Long) head.record().headers().get("BinanceEventTime"));
            store.ack(head);
        }
        return numbers;
    }

    private static int framedLength(SpoolRecord record) {
        return RecordCodec.encode(record).remaining();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.spool")).sorted().toList();
        }
    }

    private long sizeOfSegmentFiles() throws IOException {
        long total = 0;
        for (Path file : segmentFiles()) {
            total += Files.size(file);
        }
        return total;
    }

    private static List<Long> range(long from, long to) {
        List<Long> numbers = new ArrayList<>();
        for (long n = from; n < to; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }
}
