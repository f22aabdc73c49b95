package io.binancedata.sequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.binancedata.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every stream's sequence position survives a restart: one text file, {@code <dir>/checkpoints}, a line
 * {@code <stream id> <position>} per stream, replaced atomically. A restarted stream continues from it, so what
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
    private static final Logger LOG = LoggerFactory.getLogger(SequenceCheckpoints.class);

    private final Path dir;
    private final Path file;
    private final Map<String, String> positions = new ConcurrentHashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final List<Path> legacy = new ArrayList<>();
    private ScheduledExecutorService writer;
    private String saveError;

    /** Reads the positions saved in {@code dir} by an earlier run; a file that cannot be read fails the start. */
    public SequenceCheckpoints(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        readFile();
        readLegacyFiles();
    }

    private void readFile() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (space <= 0) {
                    LOG.warn("Ignoring the line '{}' of {}: not '<stream id> <position>'", line, file);
                    continue;
                }
                positions.put(line.substring(0, space), line.substring(space + 1).trim());
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
    public Optional<String> load(String streamId) {
        return Optional.ofNullable(positions.get(streamId));
    }

    /** Records the stream's position, to be saved with the next write; any thread. */
    public void record(String streamId, String position) {
        String before = positions.put(streamId, position);
        if (!position.equals(before)) {
            changed.set(true);
        }
    }

    /** Forgets the stream's position (saved with the next write): its next guard starts at its first frame. */
    public void forget(String streamId) {
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
            write(new TreeMap<>(positions));
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

    private void write(Map<String, String> sorted) throws IOException {
        StringBuilder text = new StringBuilder(64 + sorted.size() * 48)
                .append("# <stream id> <position>, one line per stream; written by binance-data-integration\n");
        sorted.forEach((streamId, position) -> text.append(streamId).append(' ').append(position).append('\n'));
        Files.createDirectories(dir);
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
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
