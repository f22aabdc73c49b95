package io.binancedata.sink;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A folder the {@code sbe-file} sink writes to. Producer only. It owns one {@link FramedFileStore}, created on start
 * and closed (all files) on stop; all routes sending to the same URI share it, and its counters of messages written
 * and refused (read by the metrics).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "sbe-file", title = "SBE File", syntax = "sbe-file:directory",
        producerOnly = true, category = {Category.FILE})
public class SbeFileEndpoint extends DefaultEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SbeFileEndpoint.class);

    @UriPath(description = "Folder holding the trade and kline_<interval> folders, relative to the working directory")
    @Metadata(required = true)
    private final String directory;
    @UriParam(defaultValue = "false", description = "Force every write to the storage device before returning")
    private boolean fsync;
    @UriParam(description = "Most files kept open; the least recently used are closed. Default: half the process's "
            + "open-file limit, between 256 and 8,192")
    private int maxOpenFiles = FramedFileStore.defaultMaxOpenFiles();

    private volatile FramedFileStore store;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public SbeFileEndpoint(String uri, SbeFileComponent component, String directory) {
        super(uri, component);
        this.directory = directory;
    }

    @Override
    public Producer createProducer() {
        return new SbeFileProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(
                "The sbe-file component only writes; it cannot be used in from(): " + getEndpointUri());
    }

    public String getDirectory() {
        return directory;
    }

    public boolean isFsync() {
        return fsync;
    }

    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    public int getMaxOpenFiles() {
        return maxOpenFiles;
    }

    public void setMaxOpenFiles(int maxOpenFiles) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, was " + maxOpenFiles);
        }
        this.maxOpenFiles = maxOpenFiles;
    }

    /** The store writing the files; only while the endpoint is started. */
    public FramedFileStore store() {
        FramedFileStore current = store;
        if (current == null) {
            throw new IllegalStateException("Endpoint " + getEndpointUri() + " is not started");
        }
        return current;
    }

    FramedFileStore storeIfStarted() {
        return store;
    }

    /** Messages appended to their file since the endpoint was created. */
    public long getDeliveredCount() {
        return delivered.get();
    }

    /** Messages that could not be appended (invalid message or headers, disk error); they went back to the route. */
    public long getFailedCount() {
        return failed.get();
    }

    void onDelivered(int messages) {
        delivered.addAndGet(messages);
    }

    void onFailed(int messages) {
        failed.addAndGet(messages);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        store = new FramedFileStore(Path.of(directory), maxOpenFiles, fsync);
        ((SbeFileComponent) getComponent()).durableWrites().add(store);
        LOG.info("Writing SBE files under {} (fsync={}, maxOpenFiles={})", store.root(), fsync, maxOpenFiles);
        if (!"UTF-8".equalsIgnoreCase(StreamLayout.fileNameEncoding())) {
            LOG.warn("File names are encoded in {}, not UTF-8: messages of non-ASCII symbols will be rejected. "
                    + "Run with a UTF-8 locale, e.g. LANG=C.UTF-8", StreamLayout.fileNameEncoding());
        }
    }

    @Override
    protected void doStop() throws Exception {
        FramedFileStore current = store;
        store = null;
        if (current != null) {
            try {
                current.close(); // forces what it wrote before closing its files
            } finally {
                ((SbeFileComponent) getComponent()).durableWrites().remove(current);
            }
        }
        super.doStop();
    }
}
