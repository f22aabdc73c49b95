package io.binancedata.sequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.binancedata.stream.DurableWrites;
import io.binancedata.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every stream's sequence position survives a restart: one text file, {@code <dir>/checkpoints}, a line
 * {@code <stream id> <position>} per stream and a last line {@code # end <count>}, written to a new file forced to
 * the storage device and renamed over the old one. A restarted stream continues from it, so what
 * happened while the process was down is backfilled instead of lost.
 * <p>
 * Streams {@link #record} their positions in memory (cheap, from their drains); one writer thread saves all of them
 * at once every interval when something changed, and {@link #close} saves a last time. A process that dies loses at
 * most the last interval of positions: its next run fetches those trades again (at-least-once after a crash, as
 * before). One file write per interval, whatever the number of streams: 3,000 streams used to cost 3,000 file
 * replacements a second. The per-stream files of earlier versions ({@code <stream id>.seq}) are read at start and
 * deleted once their positions are in the file.
 * <p>
 * A save that fails (the folder became unwritable, the disk is full) keeps the positions in memory and is tried again
 * at the next interval; each distinct failure is logged once, with its cause, and a save that works again says so.
 */
public final class SequenceCheckpoints implements AutoCloseable {
    /** The file's name in its folder. */
    private static final String FILE_NAME = "checkpoints";
    private static final String LEGACY_SUFFIX = ".seq";
    /** The first line of the file; a file that starts so ends with {@link #END} and its count of positions. */
    static final String HEADER = "# <stream id> <position>, one line per stream, then '# end <count>'; written by "
            + "binance-data-integration";
    static final String END = "# end ";
    private static final Logger LOG = LoggerFactory.getLogger(SequenceCheckpoints.class);

    private final DurableWrites durableWrites;
    private final Path dir;
    private final Path file;
    private final Map<String, String> positions = new ConcurrentHashMap<>();
    /** Streams whose position this process recorded or forgot: the others' come from an earlier run's file. */
    private final Set<String> setHere = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final List<Path> legacy = new ArrayList<>();
    private ScheduledExecutorService writer;
    private String saveError;

    /** Reads the positions saved in {@code dir} by an earlier run; a file that cannot be read fails the start. */
    public SequenceCheckpoints(Path dir) {
        this(dir, new DurableWrites());
    }

    /**
     * As above; before each save, what {@code durableWrites}' stores wrote so far is forced to the storage device, so
     * that a saved position never counts as written what a power loss can still take.
     */
    public SequenceCheckpoints(Path dir, DurableWrites durableWrites) {
        this.durableWrites = durableWrites;
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        readFile();
        readLegacyFiles();
    }

    /**
     * Reads the file. One this version wrote (its first line {@link #HEADER}) must end with {@link #END} and the count
     * of its positions; one that does not was damaged (a machine that stopped mid-write, a disk that lost the end of
     * it), and the start fails, naming it, rather than run on without the positions it lost: every stream would start
     * without a gap to fetch, the downtime neither backfilled nor counted.
     */
    private void readFile() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean ended = false;
            int count = 0;
            for (String line : lines) {
                int space = line.indexOf(' ');
                if (line.startsWith(END)) {
                    ended = line.equals(END + count);
                    continue;
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                count++;
                if (space <= 0) {
                    LOG.warn("Ignoring the line '{}' of {}: not '<stream id> <position>'", line, file);
                    continue;
                }
                positions.put(line.substring(0, space), line.substring(space + 1).trim());
            }
            if (!lines.isEmpty() && lines.get(0).equals(HEADER) && !ended) {
                throw new IOException("the file does not end with '" + END + count + "' after its " + count
                        + " positions: it was cut short or damaged. Move it away to start without the positions"
                        + " (the downtime of every stream is then not backfilled)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stream checkpoints " + file, e);
        }
    }

    private void readLegacyFiles() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> seqFiles = Files.newDirectoryStream(dir, "*" + LEGACY_SUFFIX)) {
            for (Path seq : seqFiles) {
                String name = seq.getFileName().toString();
                String streamId = name.substring(0, name.length() - LEGACY_SUFFIX.length());
                positions.putIfAbsent(streamId, Files.readString(seq, StandardCharsets.UTF_8).trim());
                legacy.add(seq);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stream checkpoints in " + dir, e);
        }
        if (!legacy.isEmpty()) {
            changed.set(true);
        }
    }

    /** The stream's position saved by an earlier run, or recorded since. */
    /** Whether the stream's position was read from the file of an earlier run (not recorded by this process). */
    public boolean fromEarlierRun(String streamId) {
        return positions.containsKey(streamId) && !setHere.contains(streamId);
    }

    public Optional<String> load(String streamId) {
        return Optional.ofNullable(positions.get(streamId));
    }

    /** Records the stream's position, to be saved with the next write; any thread. */
    public void record(String streamId, String position) {
        setHere.add(streamId);
        String before = positions.put(streamId, position);
        if (!position.equals(before)) {
            changed.set(true);
        }
    }

    /** Forgets the stream's position (saved with the next write): its next guard starts at its first frame. */
    public void forget(String streamId) {
        setHere.add(streamId);
        if (positions.remove(streamId) != null) {
            changed.set(true);
        }
    }

    /** Saves every position every {@code interval}, on a thread of its own, until {@link #close}. */
    public synchronized void start(Duration interval) {
        if (writer == null) {
            writer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("binance-checkpoints"));
            long millis = Math.max(1, interval.toMillis());
            writer.scheduleWithFixedDelay(this::save, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the writer thread and saves what changed since its last write. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = writer;
            writer = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                if (!stopping.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("The stream checkpoints' writer did not finish within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        save();
    }

    /**
     * Writes every position now if any changed since the last write; a failure is logged (once per distinct
     * failure) and the write tried again next time. Returns whether the file holds every recorded position.
     */
    public synchronized boolean save() {
        if (!changed.getAndSet(false)) {
            return saveError == null;
        }
        try {
            Map<String, String> saved = new TreeMap<>(positions);
            durableWrites.forceAll(); // what these positions count as written, forced before they are saved
            write(saved);
        } catch (IOException e) {
            changed.set(true);
            String error = e.toString();
            if (!error.equals(saveError)) {
                saveError = error;
                LOG.warn("Cannot write the stream checkpoints {}; the positions are kept in memory and their save "
                        + "tried again at the next interval", file, e);
            }
            return false;
        }
        if (saveError != null) {
            saveError = null;
            LOG.info("The stream checkpoints are saved again to {}", file);
        }
        deleteLegacyFiles();
        return true;
    }

    /**
     * Writes a new file beside the old one, forces it to the storage device, then renames it over the old one and
     * forces the folder: after a power loss the file is the old one or the new one, whole.
     */
    private void write(Map<String, String> sorted) throws IOException {
        StringBuilder text = new StringBuilder(128 + sorted.size() * 48).append(HEADER).append('\n');
        sorted.forEach((streamId, position) -> text.append(streamId).append(' ').append(position).append('\n'));
        text.append(END).append(sorted.size()).append('\n');
        Files.createDirectories(dir);
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            DurableWrites.forceFolder(dir); // the rename itself
        } catch (IOException e) {
            // a folder cannot be opened or forced on every platform (Windows): the rename stays the file system's
        }
    }

    private void deleteLegacyFiles() {
        if (legacy.isEmpty()) {
            return;
        }
        for (Path seq : legacy) {
            try {
                Files.deleteIfExists(seq);
            } catch (IOException e) {
                LOG.warn("Cannot delete the old checkpoint {} (its position is in {} now)", seq, file, e);
            }
        }
        LOG.info("Moved {} stream checkpoints of an earlier version (<stream id>.seq) into {}", legacy.size(), file);
        legacy.clear();
    }
}
