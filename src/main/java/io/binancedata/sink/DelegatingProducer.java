package io.binancedata.sink;

import org.apache.camel.Endpoint;
import org.apache.camel.Producer;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A producer that sends through another endpoint's producer (the sink it wraps, given by URI): started with it, stopped
 * and shut down with it. Subclasses decide what each exchange becomes on the way.
 */
abstract class DelegatingProducer extends DefaultProducer {
    private final String delegateUri;
    private Producer target;

    DelegatingProducer(Endpoint endpoint, String delegateUri) {
        super(endpoint);
        this.delegateUri = delegateUri;
    }

    /** The wrapped sink's producer; set while this producer runs. */
    protected Producer target() {
        return target;
    }

    /** Whether this producer sends through the wrapped sink at all (else none is started). */
    protected boolean usesTarget() {
        return true;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (!usesTarget()) {
            return;
        }
        target = CamelContextHelper.getMandatoryEndpoint(getEndpoint().getCamelContext(), delegateUri).createProducer();
        ServiceHelper.startService(target);
    }

    @Override
    protected void doStop() throws Exception {
        if (target != null) {
            ServiceHelper.stopAndShutdownService(target);
        }
        target = null;
        super.doStop();
    }
}
