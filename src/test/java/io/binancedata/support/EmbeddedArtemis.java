package io.binancedata.support;

import java.net.ServerSocket;
import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A real ActiveMQ Artemis broker in the test JVM, on a TCP acceptor at 127.0.0.1, persistence and security off. */
public final class EmbeddedArtemis implements AutoCloseable {
    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    private final String url;

    public EmbeddedArtemis(Path dir, String... queues) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        url = "tcp://127.0.0.1:" + port;
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(false).setJMXManagementEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", url);
        for (String queue : queues) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST));
        }
        broker.setConfiguration(config);
        broker.start();
    }

    /** {@code tcp://127.0.0.1:<port>} */
    public String url() {
        return url;
    }

    public ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url);
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }
}
