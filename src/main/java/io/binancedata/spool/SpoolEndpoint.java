package io.binancedata.spool;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One guarded sink: the delegate endpoint, its circuit breaker, its spool folder {@code <dir>/<name>/} and the
 * drainer thread {@code spool-<name>}, all created on start and released on stop; every route sending to the same URI
 * shares them. Producer only. The counters and the spool depth are exposed by getters for monitoring.
 *
 * @see SpoolingSink for the delivery rules
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "spool", title = "Spool", syntax = "spool:name", producerOnly = true,
        category = {Category.MESSAGING})
public class SpoolEndpoint extends DefaultEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolEndpoint.class);

    @UriPath(description = "Name of the sink; also the name of its spool folder under dir")
    @Metadata(required = true)
    private final String name;
    @UriParam(description = "URI of the sink to guard, best given as RAW(uri) so its own options stay intact")
    @Metadata(required = true)
    private String delegate;
    @UriParam(description = "Folder holding the spool folders, one per sink name")
    @Metadata(required = true)
    private String dir;
    @UriParam(defaultValue = "3", description = "Retries of a failed delivery before the message is spooled")
    private int maxRedeliveries = SpoolSettings.DEFAULT_MAX_REDELIVERIES;
    @UriParam(defaultValue = "200", description = "Milliseconds before each retry")
    private long redeliveryDelay = SpoolSettings.DEFAULT_REDELIVERY_DELAY_MILLIS;
    @UriParam(defaultValue = "50", description = "Percentage of failed calls in the window that opens the breaker")
    private float failureRateThreshold = SpoolSettings.DEFAULT_FAILURE_RATE_THRESHOLD;
    @UriParam(defaultValue = "5", description = "Calls the window must hold before the failure rate counts")
    private int minimumCalls = SpoolSettings.DEFAULT_MINIMUM_CALLS;
    @UriParam(defaultValue = "10", description = "Calls the failure rate is computed over")
    private int slidingWindowSize = SpoolSettings.DEFAULT_SLIDING_WINDOW_SIZE;
    @UriParam(defaultValue = "10", description = "Seconds an open breaker refuses calls before one probe")
    private int waitDurationInOpenState = SpoolSettings.DEFAULT_WAIT_DURATION_IN_OPEN_STATE_SECONDS;
    @UriParam(defaultValue = "1073741824", description = "Bound on the spool files; a full spool throws")
    private long maxSpoolBytes = SpoolSettings.DEFAULT_MAX_SPOOL_BYTES;
    @UriParam(defaultValue = "16777216", description = "Size at which a new spool segment file is started")
    private long segmentBytes = SpoolSettings.DEFAULT_SEGMENT_BYTES;
    @UriParam(defaultValue = "false", description = "Force every spooled message to the storage device")
    private boolean fsync;
    @UriParam(defaultValue = "0", description = "Milliseconds: a direct delivery taking longer switches the sink to "
            + "spooling until its drainer has caught up, so a slow sink does not hold up the caller; 0: never")
    private long slowDelivery = SpoolSettings.DEFAULT_SLOW_DELIVERY_MILLIS;
    @UriParam(defaultValue = "false", description = "Send a stream's batch as one message (its framed SBE messages back "
            + "to back) instead of one message per event")
    private boolean batch;
    @UriParam(defaultValue = "500", description = "Most spooled messages re-delivered in one call to a sink that takes "
            + "runs (the Kafka sink: one send of all their records, or one transaction per group); 1: one at a time")
    private int maxRun = DelegateDelivery.MAX_RUN;

    private final SpoolCounters counters = new SpoolCounters();
    private volatile SpoolStore store;
    private volatile SpoolingSink sink;
    private ProducerTemplate delegateTemplate;

    public SpoolEndpoint(String uri, SpoolComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new SpoolProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(
                "The spool component only writes; it cannot be used in from(): " + getEndpointUri());
    }

    /** The settings the options make; validates their combination. */
    public SpoolSettings settings() {
        return new SpoolSettings(maxRedeliveries, redeliveryDelay, failureRateThreshold, minimumCalls,
                slidingWindowSize, Duration.ofSeconds(waitDurationInOpenState), maxSpoolBytes, segmentBytes, fsync,
                slowDelivery);
    }

    /** The spool folder, {@code <dir>/<name>}. */
    public Path spoolDirectory() {
        return Path.of(dir).resolve(name);
    }

    /** The guarded sink; only while the endpoint is started. */
    SpoolingSink sink() {
        SpoolingSink current = sink;
        if (current == null) {
            throw new IllegalStateException("Endpoint " + getEndpointUri() + " is not started");
        }
        return current;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        SpoolSettings settings = settings();
        Endpoint target = CamelContextHelper.getMandatoryEndpoint(getCamelContext(), delegate);
        ServiceHelper.startService(target);
        ProducerTemplate template = getCamelContext().createProducerTemplate(1);
        SpoolStore opened = null;
        try {
            opened = SpoolStore.open(spoolDirectory(), maxSpoolBytes, segmentBytes, fsync);
            SpoolingSink started = new SpoolingSink(name, opened, new DelegateDelivery(target, template, maxRun), settings,
                    counters);
            started.start();
            delegateTemplate = template;
            store = opened;
            sink = started;
            ((SpoolComponent) getComponent()).durableWrites().add(opened);
        } catch (Exception e) {
            ServiceHelper.stopAndShutdownService(template);
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        LOG.info("sink {} guarded by spool {}: {} (retries {}, breaker opens at {} % of {} calls, probes after {} s, "
                        + "at most {} bytes, spooling after a delivery over {} ms)", name, store.directory(),
                URISupport.sanitizeUri(delegate), maxRedeliveries, failureRateThreshold, slidingWindowSize,
                waitDurationInOpenState, maxSpoolBytes, slowDelivery);
    }

    @Override
    protected void doStop() throws Exception {
        SpoolingSink stopping = sink;
        sink = null;
        if (stopping != null) {
            stopping.close();
        }
        ServiceHelper.stopAndShutdownService(delegateTemplate);
        delegateTemplate = null;
        SpoolStore closing = store;
        if (closing != null) {
            try {
                closing.close(); // forces what was spooled before closing its files
            } finally {
                ((SpoolComponent) getComponent()).durableWrites().remove(closing);
            }
        }
        super.doStop();
    }

    // Monitoring

    /** Messages the delegate accepted directly. */
    public long getDeliveredCount() {
        return counters.delivered();
    }

    /** Spooled messages the delegate accepted later. */
    public long getRedeliveredCount() {
        return counters.redelivered();
    }

    /** Delivery attempts that failed, direct or from the spool. */
    public long getFailedAttemptCount() {
        return counters.failedAttempts();
    }

    /** Messages written to the spool. */
    public long getSpooledCount() {
        return counters.spooled();
    }

    /** Messages the delegate refused as invalid (thrown, or moved to rejected.spool). */
    public long getRejectedCount() {
        return counters.rejected();
    }

    /** Messages the spool could not take; they were thrown to the route. */
    public long getSpoolErrorCount() {
        return counters.spoolErrors();
    }

    /** Messages waiting in the spool (the last value seen if the endpoint is stopped). */
    public long getSpoolDepth() {
        return openedStore().depth();
    }

    /** Bytes of the messages waiting in the spool (the last value seen if the endpoint is stopped). */
    public long getSpoolDepthBytes() {
        return openedStore().depthBytes();
    }

    /** State of the circuit breaker: CLOSED, OPEN or HALF_OPEN. */
    public String getCircuitBreakerState() {
        return sink().circuitBreakerState().name();
    }

    /** All counters at once. */
    public SpoolCounters counters() {
        return counters;
    }

    // Options

    public String getName() {
        return name;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public String getDelegate() {
        return delegate;
    }

    public void setDelegate(String delegate) {
        this.delegate = delegate;
    }

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public int getMaxRedeliveries() {
        return maxRedeliveries;
    }

    public void setMaxRedeliveries(int maxRedeliveries) {
        check(maxRedeliveries >= 0, "maxRedeliveries must be 0 or more, was " + maxRedeliveries);
        this.maxRedeliveries = maxRedeliveries;
    }

    public long getRedeliveryDelay() {
        return redeliveryDelay;
    }

    public void setRedeliveryDelay(long redeliveryDelay) {
        check(redeliveryDelay >= 0, "redeliveryDelay must be 0 or more milliseconds, was " + redeliveryDelay);
        this.redeliveryDelay = redeliveryDelay;
    }

    public float getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(float failureRateThreshold) {
        check(failureRateThreshold > 0 && failureRateThreshold <= 100,
                "failureRateThreshold must be above 0 and at most 100, was " + failureRateThreshold);
        this.failureRateThreshold = failureRateThreshold;
    }

    public int getMinimumCalls() {
        return minimumCalls;
    }

    public void setMinimumCalls(int minimumCalls) {
        check(minimumCalls >= 1, "minimumCalls must be at least 1, was " + minimumCalls);
        this.minimumCalls = minimumCalls;
    }

    public int getSlidingWindowSize() {
        return slidingWindowSize;
    }

    public void setSlidingWindowSize(int slidingWindowSize) {
        check(slidingWindowSize >= 1, "slidingWindowSize must be at least 1, was " + slidingWindowSize);
        this.slidingWindowSize = slidingWindowSize;
    }

    public int getWaitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    public void setWaitDurationInOpenState(int waitDurationInOpenState) {
        check(waitDurationInOpenState >= 1,
                "waitDurationInOpenState must be at least 1 second, was " + waitDurationInOpenState);
        this.waitDurationInOpenState = waitDurationInOpenState;
    }

    public long getMaxSpoolBytes() {
        return maxSpoolBytes;
    }

    public void setMaxSpoolBytes(long maxSpoolBytes) {
        check(maxSpoolBytes >= SpoolStore.minimumBytes(),
                "maxSpoolBytes must be at least " + SpoolStore.minimumBytes() + ", was " + maxSpoolBytes);
        this.maxSpoolBytes = maxSpoolBytes;
    }

    public long getSegmentBytes() {
        return segmentBytes;
    }

    public void setSegmentBytes(long segmentBytes) {
        check(segmentBytes >= SpoolStore.minimumBytes(),
                "segmentBytes must be at least " + SpoolStore.minimumBytes() + ", was " + segmentBytes);
        this.segmentBytes = segmentBytes;
    }

    public long getSlowDelivery() {
        return slowDelivery;
    }

    public void setSlowDelivery(long slowDelivery) {
        check(slowDelivery >= 0, "slowDelivery must be 0 (never) or more ms, was " + slowDelivery);
        this.slowDelivery = slowDelivery;
    }

    public int getMaxRun() {
        return maxRun;
    }

    public void setMaxRun(int maxRun) {
        if (maxRun < 1) {
            throw new IllegalArgumentException("maxRun must be at least 1, was " + maxRun);
        }
        this.maxRun = maxRun;
    }

    public boolean isFsync() {
        return fsync;
    }

    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    private SpoolStore openedStore() {
        SpoolStore current = store;
        if (current == null) {
            throw new IllegalStateException("Endpoint " + getEndpointUri() + " was never started");
        }
        return current;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
