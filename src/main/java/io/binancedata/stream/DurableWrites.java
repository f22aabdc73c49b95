package io.binancedata.stream;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores whose appends the stream checkpoints vouch for without each append being forced to the storage device
 * (the {@code sbe-file} sink and the spools, unless {@code fsync=true}): before the checkpoints are saved, what those
 * stores wrote so far is forced, so that after a power loss no checkpoint counts as written a trade the disk lost
 * (the kernel keeps written data in memory for up to ~30 s; a process crash alone loses none of it).
 */
public final class DurableWrites {
    /** A store whose appends are not each forced. */
    public interface Store {
        /** Forces to the storage device every append made before the call (file contents, new files' entries). */
        void forceWritten() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DurableWrites.class);

    private final Set<Store> stores = ConcurrentHashMap.newKeySet();
    /** The first force that failed: from then on nothing counts as forced (see {@link #forceAll}). */
    private volatile IOException failure;

    public void add(Store store) {
        stores.add(store);
    }

    /** Forgets a store (closed: it forced what it held as it closed), keeping a failure it reports. */
    public void remove(Store store) {
        try {
            store.forceWritten();
        } catch (IOException e) {
            failed(e);
        } finally {
            stores.remove(store);
        }
    }

    /** Forces a folder's entries (a file created or renamed in it) to the storage device. */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel opened = FileChannel.open(folder, StandardOpenOption.READ)) {
            opened.force(true);
        }
    }

    /** Number of stores registered. */
    public int size() {
        return stores.size();
    }

    /**
     * Forces what every store wrote so far; call after taking the positions to save and before saving them. Once a
     * force failed, every later call fails too: the kernel may have dropped the data that force was for, and a force
     * retried then succeeds without it, so no later position can be trusted to count only what reached the disk.
     *
     * @throws IOException the failure, now or earlier in this run; the positions must not be saved then
     */
    public void forceAll() throws IOException {
        IOException earlier = failure;
        if (earlier != null) {
            throw new IOException("a force to the disk failed earlier in this run: " + earlier, earlier);
        }
        for (Store store : stores) {
            try {
                store.forceWritten();
            } catch (IOException e) {
                failed(e);
                throw e;
            }
        }
    }

    /** Records a failed force (a store's own, e.g. of a file as it closed): every later {@link #forceAll} fails. */
    public synchronized void failed(IOException e) {
        if (failure == null) {
            failure = e;
            LOG.error("Forcing written data to the disk failed ({}): the stream checkpoints are not saved again in this"
                    + " run, so a restart fetches everything since the last saved positions again", e.toString(), e);
        }
    }
}
