package io.binancedata.cluster;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.Setting;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Camel's ZooKeeper cluster service as the product configures it: the servers of
 * {@code binance.cluster.zookeeper.nodes}, this instance's {@code binance.cluster.node-id}, one base path per
 * {@code binance.cluster.name}, and a session timeout ({@code binance.cluster.zookeeper.session-timeout}, 6 s) that
 * lets the other instances take a dead one's groups within 10 s (Camel's default of 60 s would take a minute, capped by
 * a default server at 40 s).
 */
public final class ZooKeeperCluster {
    /** The parent of every cluster's ZooKeeper nodes. */
    public static final String BASE_PATH = "/binance-data-integration/";
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

    private ZooKeeperCluster() {
    }

    /** The service for {@code settings} (not started), {@code nodeId} being this instance's. */
    public static ZooKeeperClusterService service(BinanceSettings settings, String nodeId) {
        ZooKeeperClusterService service = new OwnClient();
        service.setId(nodeId);
        service.setNodes(settings.get(Setting.CLUSTER_ZOOKEEPER_NODES));
        service.setBasePath(BASE_PATH + settings.get(Setting.CLUSTER_NAME));
        service.setSessionTimeout(settings.duration(Setting.CLUSTER_ZOOKEEPER_SESSION_TIMEOUT).toMillis());
        service.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        return service;
    }

    /**
     * Camel's service with a ZooKeeper client it is given rather than one it makes, for two reasons: the client Camel
     * makes is not visible ({@code getCuratorFramework()} answers null), and {@code ClusterGroups.connected()} asks it
     * whether ZooKeeper can be reached; and Camel's client gives up every leadership as soon as its connection is
     * suspended, so a ZooKeeper blip (a server restarted, a short network fault) stopped every stream of the cluster
     * and backfilled each gap. This one keeps its leaderships while its session lasts
     * ({@link SessionConnectionStateErrorPolicy}): they end when the session is lost, which is also when another
     * instance may be elected. Made from the service's configuration as Camel makes its own, at the first start; closed
     * when the service shuts down (Camel leaves a client it was given open).
     */
    private static final class OwnClient extends ZooKeeperClusterService {
        @Override
        protected void doStart() throws Exception {
            if (getCuratorFramework() == null) {
                CuratorFramework client = client(getConfiguration());
                client.start();
                setCuratorFramework(client);
            }
            super.doStart();
        }

        @Override
        protected void doShutdown() throws Exception {
            try {
                super.doShutdown();
            } finally {
                CuratorFramework client = getCuratorFramework();
                if (client != null) {
                    client.close();
                }
            }
        }

        private static CuratorFramework client(ZooKeeperCuratorConfiguration configuration) {
            RetryPolicy retry = configuration.getRetryPolicy() != null ? configuration.getRetryPolicy()
                    : new ExponentialBackoffRetry(
                            millis(configuration.getReconnectBaseSleepTime(),
                                    configuration.getReconnectBaseSleepTimeUnit()),
                            configuration.getReconnectMaxRetries(),
                            millis(configuration.getReconnectMaxSleepTime(),
                                    configuration.getReconnectMaxSleepTimeUnit()));
            return CuratorFrameworkFactory.builder()
                    .connectString(String.join(",", configuration.getNodes()))
                    .sessionTimeoutMs(millis(configuration.getSessionTimeout(), configuration.getSessionTimeoutUnit()))
                    .connectionTimeoutMs(millis(configuration.getConnectionTimeout(),
                            configuration.getConnectionTimeoutUnit()))
                    .maxCloseWaitMs(millis(configuration.getMaxCloseWait(), configuration.getMaxCloseWaitUnit()))
                    .retryPolicy(retry)
                    .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                    .build();
        }

        private static int millis(long amount, TimeUnit unit) {
            return Math.toIntExact(unit.toMillis(amount));
        }
    }
}
