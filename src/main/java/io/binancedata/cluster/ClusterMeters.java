package io.binancedata.cluster;

import java.util.Map;

import io.binancedata.stream.ClusterMembership;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * What a cluster instance shows besides the stream table and the gauges {@code binance_cluster_groups(_owned)}
 * ({@code StreamMeters}): the readiness check {@code binance-cluster} (DOWN while ZooKeeper cannot be reached: the
 * instance then leads nothing).
 */
final class ClusterMeters {
    /** Health-check id as listed by Camel. */
    static final String HEALTH_ID = "binance-cluster";

    private ClusterMeters() {
    }

    static void register(CamelContext camel, ClusterMembership cluster) {
        HealthCheckRegistry health = HealthCheckRegistry.get(camel);
        if (health != null) {
            health.register(new Check(cluster));
        }
    }

    /**
     * Readiness: UP with the groups this instance leads; DOWN while the cluster service is cut off (the groups it still
     * leads until its session is lost, if any).
     */
    private static final class Check extends AbstractHealthCheck {
        private final ClusterMembership cluster;

        Check(ClusterMembership cluster) {
            super("binance", HEALTH_ID);
            this.cluster = cluster;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("cluster.node", cluster.node());
            builder.detail("cluster.groups", cluster.groups());
            builder.detail("cluster.owned", cluster.owned().keySet().toString());
            builder.detail("cluster.standby", cluster.standbyStreams());
            if (cluster.connected()) {
                builder.message("leads groups " + cluster.owned().keySet() + " of " + cluster.groups() + " as "
                        + cluster.node()).up();
            } else if (cluster.owned().isEmpty()) {
                builder.message("cut off from the cluster service: leads no group").down();
            } else {
                builder.message("cut off from the cluster service: still leads groups " + cluster.owned().keySet()
                        + " while its session lasts").down();
            }
        }
    }
}
