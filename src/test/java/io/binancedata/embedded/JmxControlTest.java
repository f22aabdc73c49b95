package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.RuntimeMBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import io.binancedata.BeanWiring;
import io.binancedata.BinanceData;
import io.binancedata.api.BinanceDataException;
import io.binancedata.control.JmxControl;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.fake.WebSocketSession;
import io.binancedata.stream.StreamListener;
import io.binancedata.control.StreamManager;
import io.binancedata.stream.StreamState;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.FreePorts;
import io.binancedata.support.LogCapture;
import io.binancedata.support.Product;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product MBean and Camel's route MBeans, driven through a real JMX connector on 127.0.0.1. */
class JmxControlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String[] ONE_STRING = {String.class.getName()};
    private static final String[] TWO_STRINGS = {String.class.getName(), String.class.getName()};

    @TempDir
    Path dir;
    private FakeExchange exchange;
    private BinanceData binance;
    private Registry rmiRegistry;
    private JMXConnectorServer server;
    private JMXConnector client;
    private MBeanServerConnection jmx;
    private final ObjectName streams = name("binance.data:type=Streams");

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        exchange = FakeExchange.start(FakeExchangeOptions.defaults().tapes(TradeTape.bundled()));
        binance = Product.startOwnConnections(exchange, dir);
        int port = FreePorts.next();
        rmiRegistry = LocateRegistry.createRegistry(port);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1/jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        server = JMXConnectorServerFactory.newJMXConnectorServer(url, Map.of(), ManagementFactory.getPlatformMBeanServer());
        server.start();
        client = JMXConnectorFactory.connect(server.getAddress());
        jmx = client.getMBeanServerConnection();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.stop();
        UnicastRemoteObject.unexportObject(rmiRegistry, true);
        binance.close();
        exchange.close();
    }

    private List<WebSocketSession> openSessions() {
        return exchange.sessions().stream().filter(WebSocketSession::isOpen).toList();
    }

    @Test
    void shouldStartListAndStopStreamsThroughTheProductMBean() throws Exception {
        Object started = jmx.invoke(streams, "startTradeStreams", new Object[] {"btcusdt, ETHUSDT"}, ONE_STRING);
        assertThat(started).isEqualTo(
                "{\"action\":\"start\",\"started\":[\"trade-btcusdt\",\"trade-ethusdt\"],\"alreadyRunning\":[]}");
        jmx.invoke(streams, "startKlineStreams", new Object[] {"BTCUSDT", "1s,1m"}, TWO_STRINGS);
        assertThat(jmx.getAttribute(streams, "StreamCount")).isEqualTo(4);
        await().atMost(TIMEOUT).until(() -> openSessions().size() == 4);

        TabularData table = (TabularData) jmx.invoke(streams, "listStreams", new Object[0], new String[0]);
        CompositeData row = table.get(new Object[] {"trade-btcusdt"});
        assertThat(row.get("stream")).isEqualTo("btcusdt@trade");
        assertThat(row.get("state")).isEqualTo("STREAMING");
        assertThat(row.getCompositeType().keySet()).containsExactlyInAnyOrderElementsOf(StreamStatus.COLUMNS);
        assertThat(row.get("lastError")).isEqualTo("");
        assertThat(row.get("gapsUnfilled")).isEqualTo(0L);

        assertThat(jmx.invoke(streams, "stopKlineStreams", new Object[] {"BTCUSDT", ""}, TWO_STRINGS))
                .isEqualTo("{\"action\":\"stop\",\"stopped\":[\"kline-btcusdt-1m\",\"kline-btcusdt-1s\"]}");
        assertThat(jmx.invoke(streams, "stopAllStreams", new Object[0], new String[0]))
                .isEqualTo("{\"action\":\"stop-all\",\"stopped\":[\"trade-btcusdt\",\"trade-ethusdt\"]}");
        await().atMost(TIMEOUT).until(() -> openSessions().isEmpty());
    }

    /**
     * The MBean calls the stream manager itself: with the control route for users' routes (direct:control) stopped,
     * every operation still answers as before (through that route, each would wait for its consumer and fail).
     */
    @Test
    void shouldServeEveryOperationWhileTheControlRouteIsStopped() throws Exception {
        binance.camelContext().getRouteController().stopRoute("binance-control");
        assertThat(binance.camelContext().getRouteController().getRouteStatus("binance-control"))
                .isEqualTo(ServiceStatus.Stopped);

        assertThat(jmx.invoke(streams, "startTradeStreams", new Object[] {"ETHUSDT"}, ONE_STRING))
                .isEqualTo("{\"action\":\"start\",\"started\":[\"trade-ethusdt\"],\"alreadyRunning\":[]}");
        assertThat(jmx.invoke(streams, "startKlineStreams", new Object[] {"ETHUSDT", "1m"}, TWO_STRINGS))
                .isEqualTo("{\"action\":\"start\",\"started\":[\"kline-ethusdt-1m\"],\"alreadyRunning\":[]}");
        assertThat(jmx.getAttribute(streams, "StreamCount")).isEqualTo(2);
        assertThat(jmx.invoke(streams, "stopTradeStreams", new Object[] {"ETHUSDT"}, ONE_STRING))
                .isEqualTo("{\"action\":\"stop\",\"stopped\":[\"trade-ethusdt\"]}");
        assertThat(jmx.invoke(streams, "stopAllStreams", new Object[0], new String[0]))
                .isEqualTo("{\"action\":\"stop-all\",\"stopped\":[\"kline-ethusdt-1m\"]}");
        assertThat(binance.camelContext().getRoute("kline-ethusdt-1m")).isNull();
    }

    @Test
    void shouldReportRefusedRequestsWithTheProductsMessage() {
        assertThatThrownBy(() -> jmx.invoke(streams, "startTradeStreams", new Object[] {"NOSUCHCOIN"}, ONE_STRING))
                .isInstanceOf(RuntimeMBeanException.class)
                .satisfies(e -> assertThat(((RuntimeMBeanException) e).getTargetException())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Invalid symbol(s) NOSUCHCOIN: NOSUCHCOIN is not listed"));
    }

    /**
     * A failure that is the server's, not the caller's: the operation throws it with its cause chain (as plain JDK
     * exceptions a remote client can read), and the server log has it once, with the cause itself.
     */
    @Test
    void shouldThrowAndLogAServerFailureWithItsCause() {
        List<IllegalStateException> injected = new CopyOnWriteArrayList<>();
        binance.camelContext().getRegistry().lookupByNameAndType(BeanWiring.STREAM_MANAGER, StreamManager.class)
                .addListener(new StreamListener() {
                    @Override
                    public void started(StreamStatus status) {
                        if (status.key().id().equals("kline-btcusdt-5m")) {
                            IllegalStateException failure = new IllegalStateException("injected failure");
                            injected.add(failure);
                            throw failure;
                        }
                    }

                    @Override
                    public void removed(String streamId) {
                    }
                });
        String message = "Could not start streams [kline-btcusdt-1m, kline-btcusdt-5m]: injected failure";
        try (LogCapture log = new LogCapture(JmxControl.class)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> jmx.invoke(streams, "startKlineStreams", new Object[] {"BTCUSDT", "1m,5m"},
                        TWO_STRINGS))
                        .isInstanceOf(RuntimeMBeanException.class)
                        .extracting(e -> ((RuntimeMBeanException) e).getTargetException())
                        .satisfies(target -> {
                            assertThat(target).isInstanceOf(IllegalStateException.class).hasMessage(message);
                            assertThat(target.getCause()).isExactlyInstanceOf(RuntimeException.class)
                                    .hasMessage(BinanceDataException.class.getName() + ": " + message);
                            assertThat(target.getCause().getCause()).isExactlyInstanceOf(RuntimeException.class)
                                    .hasMessage("java.lang.IllegalStateException: injected failure")
                                    .hasNoCause();
                        });
            }
            assertThat(log.events()).containsExactly("ERROR JMX operation startKlineStreams failed (0 repeats not "
                    + "logged since the last report): " + BinanceDataException.class.getName() + ": " + message);
            LogCapture.Logged logged = log.loggedContaining("JMX operation").get(0);
            assertThat(logged.thrown()).isExactlyInstanceOf(BinanceDataException.class).hasMessage(message);
            assertThat(logged.rootCause()).isSameAs(injected.get(0));
        }
        assertThat(binance.streams()).isEmpty();
    }

    @Test
    void shouldCloseAndReopenTheSocketWhenCamelsRouteMBeanStopsAndStartsTheRoute() throws Exception {
        jmx.invoke(streams, "startTradeStreams", new Object[] {"BTCUSDT"}, ONE_STRING);
        await().atMost(TIMEOUT).until(() -> openSessions().size() == 1);
        ObjectName route = jmx.queryNames(name("org.apache.camel:type=routes,name=\"trade-btcusdt\",*"), null)
                .iterator().next();

        assertThat(binance.camelContext().getManagementStrategy().getManagementAgent().getStatisticsLevel())
                .as("JMX statistics per route, not per processor, as in the Camel Main process")
                .isEqualTo(ManagementStatisticsLevel.RoutesOnly);

        jmx.invoke(route, "stop", new Object[0], new String[0]);
        await().atMost(TIMEOUT).until(() -> openSessions().isEmpty());
        assertThat(binance.stream("trade-btcusdt").orElseThrow().state()).isEqualTo(StreamState.STOPPED);

        jmx.invoke(route, "start", new Object[0], new String[0]);
        await().atMost(TIMEOUT).until(() -> openSessions().size() == 1
                && binance.stream("trade-btcusdt").orElseThrow().state() == StreamState.STREAMING);
    }
}
