package io.binancedata.control;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code binance.data:type=Streams} ({@link JmxControl}) on the platform MBean server (where Camel's own
 * MBeans live) while the CamelContext runs — only when the context manages itself over JMX: with
 * {@code camel.main.jmx-enabled = false} its start and stop operations are not offered there either.
 */
public final class JmxControlRegistration extends ServiceSupport {
    public static final String OBJECT_NAME = "binance.data:type=Streams";
    private static final Logger LOG = LoggerFactory.getLogger(JmxControlRegistration.class);

    private final StreamManager manager;
    private final CamelContext camel;
    private ObjectName name;

    public JmxControlRegistration(StreamManager manager, CamelContext camel) {
        this.manager = manager;
        this.camel = camel;
    }

    @Override
    protected void doStart() throws JMException {
        if (camel.getManagementStrategy().getManagementAgent() == null) {
            LOG.info("JMX is off (camel.main.jmx-enabled = false): {} not registered", OBJECT_NAME);
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName candidate = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(candidate)) {
            LOG.warn("{} is already registered in this JVM (another instance); not registering it again", OBJECT_NAME);
            return;
        }
        server.registerMBean(new JmxControl(manager), candidate);
        name = candidate;
    }

    @Override
    protected void doStop() throws Exception {
        if (name != null) {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            name = null;
        }
    }
}
