package io.binancedata.sequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where each stream's sequence position survives a restart: one small text file per stream,
 * {@code <dir>/<streamId>.seq}, replaced atomically. A restarted stream continues from it, so what happened while
 * the process was down is backfilled instead of lost.
 */
public final class SequenceCheckpoints {
    private final Path dir;

    public SequenceCheckpoints(Path dir) {
        this.dir = dir;
    }

    public Optional<String> load(String streamId) {
        Path file = dir.resolve(streamId + ".seq");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint " + file, e);
        }
    }

    public void save(String streamId, String position) {
        Path file = dir.resolve(streamId + ".seq");
        Path temp = dir.resolve(streamId + ".seq.tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(temp, position + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + file, e);
        }
    }
}
