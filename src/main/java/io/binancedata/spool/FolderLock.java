package io.binancedata.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a spool folder, held on its {@code .lock} file until closed, so that no two stores, in this
 * process or another, write the same spool.
 */
final class FolderLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;

    private FolderLock(FileChannel channel) {
        this.channel = channel;
    }

    /** @throws IOException if another holds the lock, or the lock file cannot be opened */
    static FolderLock acquire(Path folder) throws IOException {
        FileChannel channel = FileChannel.open(folder.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("Spool " + folder + " is in use by another spool endpoint or process");
        }
        return new FolderLock(channel);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
