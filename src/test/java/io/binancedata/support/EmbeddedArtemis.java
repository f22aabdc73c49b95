package io.binancedata.support;

import java.nio.file.Path;
import java.util.List;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A real ActiveMQ Artemis broker in the test JVM, on a TCP acceptor at 127.0.0.1, security off; persistence off
 * unless made with {@link #persistent}. It can be stopped and started again on the same port.
 */
public final class EmbeddedArtemis implements AutoCloseable {
    static {
        // The broker's audit log writes several INFO lines per message: 100 MB of test output otherwise.
        Configurator.setLevel("org.apache.activemq.audit", Level.WARN);
    }

    private final Path dir;
    private final List<String> queues;
    private final boolean persistent;
    private final String url;
    private EmbeddedActiveMQ broker;

    public EmbeddedArtemis(Path dir, String... queues) throws Exception {
        this(dir, false, queues);
    }

    private EmbeddedArtemis(Path dir, boolean persistent, String... queues) throws Exception {
        this.dir = dir;
        this.queues = List.of(queues);
        this.persistent = persistent;
        int port = FreePorts.next();
        url = "tcp://127.0.0.1:" + port;
        start();
    }

    /**
     * A broker whose messages survive {@link #stop()} and {@link #start()}: journal under {@code dir}, not synced
     * to disk (the broker process is restarted, the machine is not).
     */
    public static EmbeddedArtemis persistent(Path dir, String... queues) throws Exception {
        return new EmbeddedArtemis(dir, true, queues);
    }

    /** {@code tcp://127.0.0.1:<port>} */
    public String url() {
        return url;
    }

    public ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url);
    }

    /** Starts the broker (again) on the same port. */
    public synchronized void start() throws Exception {
        if (broker != null) {
            return;
        }
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(persistent).setSecurityEnabled(false).setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO).setJournalSyncTransactional(false)
                .setJournalSyncNonTransactional(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", url);
        for (String queue : queues) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST));
        }
        EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
        starting.setConfiguration(config);
        starting.start();
        broker = starting;
    }

    /** Stops the broker; its clients lose their connections. */
    public synchronized void stop() throws Exception {
        if (broker != null) {
            EmbeddedActiveMQ stopping = broker;
            broker = null;
            stopping.stop();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
