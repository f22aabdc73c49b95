package io.binancedata.sink;

import com.sun.management.UnixOperatingSystemMXBean;
import io.binancedata.codec.EventTimes;
import io.binancedata.stream.DurableWrites;
import io.binancedata.stream.EventBatch;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Appends framed SBE messages to one file per stream and UTC day under a root folder, keeping the files open.
 *
 * <p>Layout: {@code <root>/trade/<SYMBOL>/<yyyy-MM-dd>.sbe} and {@code <root>/kline_<interval>/<SYMBOL>/<yyyy-MM-dd>.sbe},
 * the day taken from the message's exchange time in UTC ({@link EventTimes}: its event time, or, for a backfilled
 * message, which has none, its trade time or its candle's close time + 1 ms). Each message is preceded by the Simple
 * Open Framing Header (see {@link io.binancedata.codec.SbeFraming}). Files are opened with CREATE, WRITE and APPEND, so
 * a restart continues after what was written.
 *
 * <p>Threads: different streams may be written concurrently; one stream must be written by one thread at a time.
 * Each stream has its own lock, so the hot path takes no shared lock. At most {@code maxOpenFiles} files stay open:
 * after opening a file the least recently used others are closed (under the evicted stream's lock, never while it
 * writes). Concurrent openers can exceed the bound briefly, by at most one file each.
 *
 * <p>Errors: invalid stream coordinates or a body that is not the expected SBE message throw
 * {@link IllegalArgumentException} and write nothing; an {@link IOException} is thrown to the caller after the broken
 * channel is closed (and a partly written frame cut off when possible), so the next message reopens the file.
 */
public final class FramedFileStore implements AutoCloseable, DurableWrites.Store {
    /** The least and the most files kept open by default ({@link #defaultMaxOpenFiles}). */
    static final int MIN_DEFAULT_OPEN_FILES = 256;
    static final int MAX_DEFAULT_OPEN_FILES = 8_192;

    private static final Logger LOG = LoggerFactory.getLogger(FramedFileStore.class);

    private final Path root;
    private final int maxOpenFiles;
    private final boolean fsync;
    private final ChannelOpener opener;
    private final Map<String, ConcurrentHashMap<String, StreamFile>> streamsByKindDirectory;
    private final Set<StreamFile> openFiles = ConcurrentHashMap.newKeySet();
    private final ReentrantLock evictionLock = new ReentrantLock();
    private volatile boolean closed;
    /** A force of a closing file that failed, thrown by the next {@link #forceWritten()}. */
    private final AtomicReference<IOException> forceFailure = new AtomicReference<>();

    /**
     * @param root         folder holding the {@code trade} and {@code kline_<interval>} folders; created when needed
     * @param maxOpenFiles most files kept open at once, at least 1
     * @param fsync        whether to force every write to the storage device before returning
     */
    public FramedFileStore(Path root, int maxOpenFiles, boolean fsync) {
        this(root, maxOpenFiles, fsync, ChannelOpener.APPEND);
    }

    FramedFileStore(Path root, int maxOpenFiles, boolean fsync, ChannelOpener opener) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, was " + maxOpenFiles);
        }
        this.root = root.toAbsolutePath().normalize();
        this.maxOpenFiles = maxOpenFiles;
        this.fsync = fsync;
        this.opener = opener;
        this.streamsByKindDirectory = StreamLayout.kindDirectories().stream()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), k -> new ConcurrentHashMap<>()));
    }

    /**
     * Appends one SBE message (header, body and var data) to the file of its stream and UTC day.
     *
     * @param kind            {@code trade} or {@code kline}
     * @param symbol          symbol, used as a folder name (any single, plain path segment, e.g. UTF-8 names)
     * @param interval        kline interval as Binance writes it ({@code 1m}, {@code 1M}, ...); ignored for trades
     * @param exchangeTimeMicros the event's exchange time ({@link EventTimes}), microseconds since the epoch; chooses
     *                           the UTC day file
     * @param message            exactly one SBE message of the template matching {@code kind}
     * @throws IllegalArgumentException if the stream coordinates or the message are invalid; nothing is written
     * @throws IOException              if the file could not be opened or written; the next call reopens it
     */
    public void append(String kind, String symbol, String interval, long exchangeTimeMicros, byte[] message)
            throws IOException {
        String kindDirectory = StreamLayout.kindDirectory(kind, interval);
        StreamLayout.checkMessage(message, StreamLayout.templateId(kind));
        StreamFile stream = stream(kindDirectory, symbol);
        if (stream.append(StreamLayout.epochDay(exchangeTimeMicros), message)) {
            evictLeastRecentlyUsed(stream);
        }
    }

    /**
     * As {@link #append(String, String, String, long, byte[])}, dated by the message's own {@link EventTimes exchange
     * time} (its event time, or, for a backfilled message without one, its trade time or close time + 1 ms).
     */
    public void append(String kind, String symbol, String interval, byte[] message) throws IOException {
        StreamLayout.kindDirectory(kind, interval);
        StreamLayout.checkMessage(message, StreamLayout.templateId(kind));
        append(kind, symbol, interval, EventTimes.exchangeTime(new UnsafeBuffer(message), 0, message.length), message);
    }

    /**
     * Appends every message of a batch of one stream, each to the file of the UTC day of its
     * {@link EventBatch#exchangeTimeMicros exchange time}: one write per day the batch covers (usually one).
     *
     * @throws IllegalArgumentException if the stream coordinates are invalid or the batch holds another template
     * @throws IOException              if a file could not be opened or written; messages of earlier days in the
     *                                  batch may have been written
     */
    public void append(String kind, String symbol, String interval, EventBatch batch) throws IOException {
        String kindDirectory = StreamLayout.kindDirectory(kind, interval);
        int templateId = StreamLayout.templateId(kind);
        if (batch.templateId() != templateId) {
            throw new IllegalArgumentException("A " + kind + " stream takes SBE template " + templateId
                    + ", the batch holds template " + batch.templateId());
        }
        StreamFile stream = stream(kindDirectory, symbol);
        int count = batch.count();
        int first = 0;
        while (first < count) {
            long day = StreamLayout.epochDay(batch.exchangeTimeMicros(first));
            int next = first + 1;
            while (next < count && StreamLayout.epochDay(batch.exchangeTimeMicros(next)) == day) {
                next++;
            }
            int from = batch.frameOffset(first);
            int to = next < count ? batch.frameOffset(next) : batch.length();
            if (stream.appendFrames(day, batch.buffer().byteArray(), from, to - from)) {
                evictLeastRecentlyUsed(stream);
            }
            first = next;
        }
    }

    /**
     * The default bound on open files: half the process's limit on open file descriptors (the rest stays for sockets,
     * jars and the other sinks), at least {@value #MIN_DEFAULT_OPEN_FILES} and at most {@value #MAX_DEFAULT_OPEN_FILES};
     * {@value #MIN_DEFAULT_OPEN_FILES} where the JVM cannot tell the limit. With a limit of 20,000, the 3,000 files of
     * the whole exchange stay open instead of being closed and reopened on every write.
     */
    public static int defaultMaxOpenFiles() {
        long limit = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            limit = unix.getMaxFileDescriptorCount();
        }
        return defaultMaxOpenFiles(limit);
    }

    /** {@link #defaultMaxOpenFiles()} for a process limited to {@code descriptorLimit} (-1: unknown). */
    static int defaultMaxOpenFiles(long descriptorLimit) {
        return (int) Math.max(MIN_DEFAULT_OPEN_FILES, Math.min(MAX_DEFAULT_OPEN_FILES, descriptorLimit / 2));
    }

    /** Number of files open right now. */
    public int openFileCount() {
        return openFiles.size();
    }

    /** The root folder, absolute. */
    public Path root() {
        return root;
    }

    /** Closes every open file; later messages reopen theirs. */
    public void closeOpenFiles() {
        for (StreamFile stream : openFiles) {
            stream.close();
        }
    }

    /** Closes every file; later appends fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        for (Map<String, StreamFile> streams : streamsByKindDirectory.values()) {
            for (StreamFile stream : streams.values()) {
                stream.close();
            }
        }
        LOG.debug("Closed all files under {}", root);
    }

    /**
     * Forces every stream's writes since its last force (each write is forced anyway with {@code fsync}), and throws
     * a failure to force a file as it closed (every time: its data cannot be forced again).
     */
    @Override
    public void forceWritten() throws IOException {
        IOException failure = forceFailure.get(); // kept: the data of a file that closed unforced is lost to a retry
        for (Map<String, StreamFile> streams : streamsByKindDirectory.values()) {
            for (StreamFile stream : streams.values()) {
                try {
                    stream.forceWritten();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    void onForceFailed(Path file, IOException failure) {
        LOG.warn("Could not force {} to the disk as it closed ({})", file, failure.toString());
        forceFailure.accumulateAndGet(failure, (first, next) -> first == null ? next : first);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The SBE file store under " + root + " is closed");
        }
    }

    ChannelOpener opener() {
        return opener;
    }

    boolean fsync() {
        return fsync;
    }

    void onOpened(StreamFile stream) {
        openFiles.add(stream);
    }

    void onClosed(StreamFile stream) {
        openFiles.remove(stream);
    }

    private StreamFile stream(String kindDirectory, String symbol) {
        ConcurrentHashMap<String, StreamFile> streams = streamsByKindDirectory.get(kindDirectory);
        StreamFile stream = symbol == null ? null : streams.get(symbol);
        if (stream == null) {
            Path directory = StreamLayout.streamDirectory(root, kindDirectory, symbol);
            stream = streams.computeIfAbsent(symbol, s -> new StreamFile(directory, this));
        }
        return stream;
    }

    private void evictLeastRecentlyUsed(StreamFile justOpened) {
        if (openFiles.size() <= maxOpenFiles) {
            return;
        }
        evictionLock.lock();
        try {
            while (openFiles.size() > maxOpenFiles) {
                StreamFile victim = leastRecentlyUsed(justOpened);
                if (victim == null) {
                    return;
                }
                victim.close();
            }
        } finally {
            evictionLock.unlock();
        }
    }

    private StreamFile leastRecentlyUsed(StreamFile excluded) {
        StreamFile oldest = null;
        for (StreamFile candidate : openFiles) {
            if (candidate != excluded
                    && (oldest == null || candidate.lastUsedNanos() - oldest.lastUsedNanos() < 0)) {
                oldest = candidate;
            }
        }
        return oldest;
    }
}
