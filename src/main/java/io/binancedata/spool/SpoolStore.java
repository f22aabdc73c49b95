package io.binancedata.spool;

import io.binancedata.stream.DurableWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A durable first-in first-out queue of {@link SpoolRecord}s in one folder: append-only segment files
 * {@code <sequence>.spool} ({@link SpoolSegment}), the position up to which records were delivered in
 * {@code committed} ({@link CommitFile}), records a sink rejected as invalid in {@code rejected.spool}, and a
 * {@code .lock} file held while the store is open, so no two stores (in this or another process) share a folder.
 *
 * <p>Records are read in the order they were appended, as a run of the oldest ({@link #peek(int, long)}) or the
 * oldest alone ({@link #peek()}), and removed only when acknowledged ({@link #ack(List)}, {@link #ack(SpoolEntry)}); a
 * segment is deleted as soon as all its records are, and the last one too when the spool runs empty, so an empty
 * spool holds no segment. On {@link #open} the records after the committed position are counted and a record torn by
 * a crash is cut off. Delivery is at-least-once: a record delivered but not yet acknowledged when the process dies is
 * read again after a restart.
 *
 * <p>Bound: the segment files together never exceed {@code maxBytes}; an append that would is refused with
 * {@link SpoolFullException}. Thread-safe: every operation takes the store's lock; nothing is held in memory beyond
 * the records being read.
 */
public final class SpoolStore implements AutoCloseable, DurableWrites.Store {
    static final String REJECTED_FILE = "rejected" + SpoolSegment.SUFFIX;

    private static final Logger LOG = LoggerFactory.getLogger(SpoolStore.class);

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean fsync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final ArrayDeque<SpoolSegment> segments = new ArrayDeque<>();
    private final CommitFile commit;
    private final FolderLock folderLock;
    private long headOffset;
    private long nextSequence;
    private long diskBytes;
    private volatile long depth;
    private volatile long depthBytes;
    private SpoolSegment rejected;
    private boolean closed;
    /** A segment file was created since the folder was last forced. */
    private boolean unforcedEntries;
    /** A force that failed: thrown by every later {@link #forceWritten}. */
    private IOException forceFailure;

    private SpoolStore(Path directory, long maxBytes, long segmentBytes, boolean fsync, FolderLock folderLock,
                       CommitFile commit) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        // delivered records count against the bound until their segment is retired: a segment of at most a quarter of
        // the bound leaves at least three quarters for records still waiting
        this.segmentBytes = Math.max(minimumBytes(), Math.min(segmentBytes, maxBytes / 4));
        this.fsync = fsync;
        this.folderLock = folderLock;
        this.commit = commit;
    }

    /**
     * Opens the spool in {@code directory} (created if needed), recovering what a previous run left there.
     *
     * @param maxBytes     bound on the segment files together, at least {@link #minimumBytes()}
     * @param segmentBytes size at which a new segment file is started, at least {@link #minimumBytes()}; at most a
     *                     quarter of {@code maxBytes} is used
     * @param fsync        whether every append is forced to the storage device before it returns
     * @throws IOException if the folder cannot be used, is locked by another store, or holds a file that is not a
     *                     spool segment of this format
     */
    public static SpoolStore open(Path directory, long maxBytes, long segmentBytes, boolean fsync)
            throws IOException {
        if (maxBytes < minimumBytes() || segmentBytes < minimumBytes()) {
            throw new IllegalArgumentException("maxBytes and segmentBytes must be at least " + minimumBytes()
                    + ", were " + maxBytes + " and " + segmentBytes);
        }
        Path folder = directory.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        FolderLock lock = FolderLock.acquire(folder);
        SpoolStore store = null;
        try {
            store = new SpoolStore(folder, maxBytes, segmentBytes, fsync, lock, CommitFile.open(folder));
            store.recover();
            return store;
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            } else {
                lock.close();
            }
            throw e;
        }
    }

    /** The committed position's file, for tests that make its writes fail. */
    CommitFile commitFile() {
        return commit;
    }

    /** Smallest {@code maxBytes} and {@code segmentBytes} accepted. */
    public static long minimumBytes() {
        return 4096;
    }

    /** The spool's folder, absolute. */
    public Path directory() {
        return directory;
    }

    /** Records appended and not yet acknowledged. */
    public long depth() {
        return depth;
    }

    /** Bytes those records take in the segment files, framing included. */
    public long depthBytes() {
        return depthBytes;
    }

    /** Bytes of all segment files, the bounded quantity (includes delivered records of the oldest segment). */
    public long diskBytes() {
        lock.lock();
        try {
            return diskBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Whether no record waits for delivery. */
    public boolean isEmpty() {
        return depth == 0;
    }

    /**
     * Appends a record behind all others.
     *
     * @throws SpoolFullException    if the segment files would grow beyond {@code maxBytes}; nothing is written
     * @throws IOException           if it could not be written (what was written is cut off again when possible)
     * @throws IllegalStateException if the store is closed
     */
    public void append(SpoolRecord record) throws IOException {
        ByteBuffer framed = RecordCodec.encode(record);
        lock.lock();
        try {
            appendLocked(framed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a record only if others wait for delivery, atomically with that check: a message must not overtake
     * the spooled ones, while an empty spool lets it go to the sink directly.
     *
     * @return whether it was appended
     * @throws IOException as {@link #append(SpoolRecord)}
     */
    public boolean appendIfNotEmpty(SpoolRecord record) throws IOException {
        if (depth == 0) {
            return false;
        }
        ByteBuffer framed = RecordCodec.encode(record);
        lock.lock();
        try {
            if (depth == 0) {
                return false;
            }
            appendLocked(framed);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest record not yet acknowledged, read from disk; the same one until it is acknowledged.
     *
     * @return the record, or null if the spool is empty
     * @throws IOException if it cannot be read
     */
    public SpoolEntry peek() throws IOException {
        List<SpoolEntry> head = peek(1, Long.MAX_VALUE);
        return head.isEmpty() ? null : head.get(0);
    }

    /**
     * The oldest records not yet acknowledged, in order: as many as follow each other up to {@code maxRecords} and
     * {@code maxBytes} (framing included), at least one; the same first one until it is acknowledged.
     *
     * @return the records, none if the spool is empty
     * @throws IOException if one cannot be read
     */
    public List<SpoolEntry> peek(int maxRecords, long maxBytes) throws IOException {
        lock.lock();
        try {
            checkOpen();
            List<SpoolEntry> run = new ArrayList<>();
            Iterator<SpoolSegment> segment = segments.iterator();
            SpoolSegment current = depth == 0 ? null : segment.next();
            long offset = headOffset;
            long bytes = 0;
            while (run.size() < depth && run.size() < maxRecords) {
                while (offset >= current.size()) { // past the segment's end, and any left empty by a crash
                    current = segment.next();
                    offset = SpoolSegment.HEADER_LENGTH;
                }
                SpoolEntry entry = current.read(offset);
                bytes += entry.length();
                if (!run.isEmpty() && bytes > maxBytes) {
                    break;
                }
                run.add(entry);
                offset += entry.length();
            }
            return run;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the oldest records after the sink accepted them, and commits the new position once.
     *
     * @param run what {@link #peek(int, long)} returned, or its beginning
     * @throws IllegalStateException if {@code run} does not start at the oldest record
     * @throws IOException           as {@link #ack(SpoolEntry)}
     */
    public void ack(List<SpoolEntry> run) throws IOException {
        lock.lock();
        try {
            checkOpen();
            for (SpoolEntry entry : run) {
                checkHead(entry);
                headOffset += entry.length();
                depth--;
                depthBytes -= entry.length();
                dropDeliveredSegments();
            }
            SpoolSegment head = segments.peekFirst();
            if (head != null && headOffset < head.size()) {
                commit.write(head.sequence(), headOffset);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the oldest record after the sink accepted it, and commits the new position.
     *
     * @param entry what {@link #peek()} returned
     * @throws IllegalStateException if {@code entry} is not the oldest record
     * @throws IOException           if the position cannot be committed (the record is removed all the same; after a
     *                               restart it may be delivered again)
     */
    public void ack(SpoolEntry entry) throws IOException {
        ack(List.of(entry));
    }

    /**
     * Removes the oldest record because the sink rejected it as invalid, keeping it in {@code rejected.spool} (same
     * format, not bounded, never read by the spool) for an operator. Once it is kept there, a failure to commit the
     * new position is logged, not thrown (the next acknowledgement commits a later one; a restart before it delivers
     * the record again): the caller counts a record moved as moved.
     *
     * @throws IOException if it could not be kept there; then it stays in the spool
     */
    public void reject(SpoolEntry entry) throws IOException {
        lock.lock();
        try {
            checkOpen();
            checkHead(entry);
            if (rejected == null) {
                Path file = directory.resolve(REJECTED_FILE);
                boolean exists = Files.exists(file);
                rejected = exists ? SpoolSegment.open(file, -1, fsync) : SpoolSegment.create(file, -1, fsync);
                unforcedEntries |= !exists;
                rejected.recover(0);
            }
            rejected.append(RecordCodec.encode(entry.record()));
            try {
                ack(entry);
            } catch (IOException e) {
                LOG.warn("Spool {}: a rejected record was moved to {}, its position not committed (delivered again "
                        + "after a restart before the next commit): {}", directory, REJECTED_FILE, e.toString());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a record waits for delivery, the store is closed or woken, or the timeout passes.
     *
     * @return whether a record waits
     */
    public boolean awaitRecords(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (depth == 0 && !closed) {
                appended.await(timeout, unit);
            }
            return depth > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every thread in {@link #awaitRecords}. */
    public void wakeUp() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the files and releases the folder; the records stay for the next {@link #open}. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            IOException failure = null;
            try {
                forceWritten(); // a later save of the checkpoints counts on what was spooled
            } catch (IOException e) {
                failure = e;
            }
            closed = true;
            appended.signalAll();
            List<AutoCloseable> files = new ArrayList<>(segments);
            files.add(rejected);
            files.add(commit);
            files.add(folderLock);
            for (AutoCloseable file : files) {
                failure = closeQuietly(file, failure);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forces the records appended since the last call, and the folder's entries of segments created meanwhile
     * ({@link DurableWrites}; with {@code fsync} each append was forced already).
     */
    @Override
    public void forceWritten() throws IOException {
        lock.lock();
        try {
            if (forceFailure != null) {
                throw forceFailure; // the data that force was for may be gone: never counted as forced
            }
            if (closed) {
                return;
            }
            try {
                for (SpoolSegment segment : segments) {
                    segment.forceWritten();
                }
                if (rejected != null) {
                    rejected.forceWritten(); // the only copy of a record the sink refused
                }
                if (unforcedEntries) {
                    DurableWrites.forceFolder(directory);
                    unforcedEntries = false;
                }
            } catch (IOException e) {
                forceFailure = e;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void appendLocked(ByteBuffer framed) throws IOException {
        checkOpen();
        int length = framed.remaining();
        SpoolSegment tail = segments.peekLast();
        boolean roll = tail == null || tail.size() > SpoolSegment.HEADER_LENGTH && tail.size() + length > segmentBytes;
        long growth = length + (roll ? SpoolSegment.HEADER_LENGTH : 0);
        if (diskBytes + growth > maxBytes) {
            throw new SpoolFullException("Spool " + directory + " is full: a record of " + length + " bytes does not "
                    + "fit in " + (maxBytes - diskBytes) + " of " + maxBytes + " bytes (maxSpoolBytes)");
        }
        if (roll) {
            tail = SpoolSegment.create(directory.resolve(SpoolSegment.fileName(nextSequence)), nextSequence, fsync);
            unforcedEntries = true; // its entry in the folder is forced apart, fsync or not
            nextSequence++;
            segments.addLast(tail);
            diskBytes += SpoolSegment.HEADER_LENGTH;
            if (segments.size() == 1) {
                headOffset = SpoolSegment.HEADER_LENGTH;
            }
        }
        tail.append(framed);
        diskBytes += length;
        depthBytes += length;
        depth++;
        appended.signalAll();
    }

    /**
     * Forgets a fully delivered segment, commits a position past it and deletes its file. The segment is forgotten
     * even if the commit or the deletion fails (thrown): the worst outcome is that a restart delivers its records
     * again, or finds the file and deletes it then; a position left inside the deleted file is not applied to a later
     * segment ({@link #recover}).
     */
    private void retireHead(SpoolSegment head) throws IOException {
        segments.removeFirst();
        headOffset = SpoolSegment.HEADER_LENGTH;
        diskBytes -= head.size();
        try {
            commit.write(head.sequence() + 1, 0);
        } finally {
            head.delete();
        }
    }

    private void recover() throws IOException {
        CommitFile.Position committed = commit.read();
        List<Long> sequences = SpoolSegment.sequencesIn(directory);
        for (long sequence : sequences) {
            Path file = directory.resolve(SpoolSegment.fileName(sequence));
            if (sequence < committed.segment()) {
                LOG.debug("Deleting delivered spool segment {}", file);
                Files.delete(file);
                continue;
            }
            SpoolSegment segment = SpoolSegment.open(file, sequence, fsync);
            segments.addLast(segment);
            long from = sequence == committed.segment() ? committed.offset() : 0;
            from = Math.min(Math.max(from, SpoolSegment.HEADER_LENGTH), segment.size());
            if (segments.size() == 1) {
                headOffset = from;
            }
            SpoolSegment.Scan scan = segment.recover(from);
            depth += scan.records();
            depthBytes += scan.bytes();
            diskBytes += segment.size();
        }
        SpoolSegment last = segments.peekLast();
        // a position inside a segment whose file is gone (its retirement's commit was lost, its deletion was not) must
        // not apply to a new segment of the same number: the next segment takes the number after it
        long afterCommitted = committed.segment() + (committed.offset() > 0 ? 1 : 0);
        nextSequence = Math.max(afterCommitted, last == null ? 0 : last.sequence() + 1);
        if (headOffset == 0) {
            headOffset = SpoolSegment.HEADER_LENGTH;
        }
        dropDeliveredSegments();
    }

    /**
     * The head segments whose records were all delivered go (after an acknowledgement, and after recovery: records cut
     * off as torn, segments a crash left empty), but never the last one while it may take records.
     */
    private void dropDeliveredSegments() throws IOException {
        while (!segments.isEmpty() && headOffset >= segments.getFirst().size()
                && (segments.size() > 1 || depth == 0)) {
            retireHead(segments.getFirst());
        }
    }

    private void checkHead(SpoolEntry entry) {
        SpoolSegment head = segments.peekFirst();
        if (depth == 0 || head == null || entry.segment() != head.sequence() || entry.offset() != headOffset) {
            throw new IllegalStateException("Not the oldest record of spool " + directory + ": segment "
                    + entry.segment() + " offset " + entry.offset());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Spool " + directory + " is closed");
        }
    }

    private static IOException closeQuietly(AutoCloseable file, IOException failure) {
        if (file == null) {
            return failure;
        }
        try {
            file.close();
            return failure;
        } catch (Exception e) {
            IOException io = e instanceof IOException x ? x : new IOException(e);
            if (failure != null) {
                failure.addSuppressed(io);
                return failure;
            }
            return io;
        }
    }
}
