package io.binancedata.stream;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Set<Store> stores = ConcurrentHashMap.newKeySet();

    public void add(Store store) {
        stores.add(store);
    }

    public void remove(Store store) {
        stores.remove(store);
    }

    /** Number of stores registered. */
    public int size() {
        return stores.size();
    }

    /**
     * Forces what every store wrote so far; call after taking the positions to save and before saving them.
     *
     * @throws IOException the first failure (every store is tried); the positions must not be saved then
     */
    public void forceAll() throws IOException {
        IOException failure = null;
        for (Store store : stores) {
            try {
                store.forceWritten();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
