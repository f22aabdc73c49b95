package io.binancedata.cluster;

import io.binancedata.config.BinanceSettings;
import io.binancedata.config.Setting;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;

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
        ZooKeeperClusterService service = new ZooKeeperClusterService();
        service.setId(nodeId);
        service.setNodes(settings.get(Setting.CLUSTER_ZOOKEEPER_NODES));
        service.setBasePath(BASE_PATH + settings.get(Setting.CLUSTER_NAME));
        service.setSessionTimeout(settings.duration(Setting.CLUSTER_ZOOKEEPER_SESSION_TIMEOUT).toMillis());
        service.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        return service;
    }
}
