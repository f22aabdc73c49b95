package io.binancedata.management;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.binancedata.stream.StreamRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code binance.data:type=Streams} on the platform MBean server (where Camel's own MBeans live) while
 * the CamelContext runs.
 */
public final class JmxControlRegistration extends ServiceSupport {
    public static final String OBJECT_NAME = "binance.data:type=Streams";
    private static final Logger LOG = LoggerFactory.getLogger(JmxControlRegistration.class);

    private final CamelContext camel;
    private final StreamRegistry registry;
    private ProducerTemplate template;
    private ObjectName name;

    public JmxControlRegistration(CamelContext camel, StreamRegistry registry) {
        this.camel = camel;
        this.registry = registry;
    }

    @Override
    protected void doStart() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName candidate = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(candidate)) {
            LOG.warn("{} is already registered in this JVM (another instance); not registering it again", OBJECT_NAME);
            return;
        }
        template = camel.createProducerTemplate();
        server.registerMBean(new JmxControl(template, registry), candidate);
        name = candidate;
    }

    @Override
    protected void doStop() throws Exception {
        if (name != null) {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            name = null;
        }
        if (template != null) {
            template.close();
            template = null;
        }
    }
}
