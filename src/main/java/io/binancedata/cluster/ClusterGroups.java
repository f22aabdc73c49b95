package io.binancedata.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.binancedata.config.ConfigurationException;
import io.binancedata.config.Setting;
import io.binancedata.control.StreamManager;
import io.binancedata.sequence.SequenceGuards;
import io.binancedata.stream.ClusterMembership;
import io.binancedata.stream.StreamGroups;
import io.binancedata.stream.StreamKey;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part of a cluster: one view of Camel's cluster service per group of streams, and a check every
 * {@code binance.cluster.check-interval} (on the thread {@code binance-cluster}) that makes the streams that run here
 * those of the groups this instance leads. A group it now leads is <em>taken</em>: where the group's streams' writes
 * ended ({@link GroupPositions}, read from the Kafka sink) becomes each stream's position
 * ({@link SequenceGuards#seed}), then its streams start, and the first live frame reveals the gap that the previous
 * leader left, which is fetched over REST. A group it no longer leads is <em>let go</em>: its streams stop.
 * <p>
 * The check reads the leadership ({@link CamelClusterService#isLeader}) instead of trusting the service's events:
 * Camel's ZooKeeper view fires none when its connection is lost, and a view that lost its ZooKeeper session never
 * stands for election again, so a view whose instance is no longer among its candidates is started anew.
 */
public final class ClusterGroups extends ServiceSupport implements ClusterMembership {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterGroups.class);

    private final CamelContext camel;
    private CamelClusterService service;
    private final StreamManager manager;
    private final SequenceGuards guards;
    private final GroupPositions positions;
    private final int groups;
    private final String name;
    private final Duration checkInterval;
    private final List<CamelClusterView> views = new ArrayList<>();
    /** The groups this instance leads and runs, with when it took each (epoch ms). */
    private final SortedMap<Integer, Long> owned = new ConcurrentSkipListMap<>();
    private volatile List<StreamKey> configured = List.of();
    private ScheduledExecutorService loop;

    /**
     * @param service       the cluster service (added to the context before this); null: the one
     *                      {@code CamelClusterService} bean of the context's registry (a file lock, a Kubernetes lease,
     *                      bound with {@code camel.beans.*} or by an embedding application)
     * @param groups        {@code binance.cluster.groups}
     * @param name          {@code binance.cluster.name}: part of each group's namespace, so that clusters can share
     *                      one back-end
     * @param checkInterval how often leadership is compared with the streams that run
     */
    public ClusterGroups(CamelContext camel, CamelClusterService service, StreamManager manager, SequenceGuards guards,
                         GroupPositions positions, int groups, String name, Duration checkInterval) {
        this.camel = camel;
        this.service = service;
        this.manager = manager;
        this.guards = guards;
        this.positions = positions;
        this.groups = groups;
        this.name = name;
        this.checkInterval = checkInterval;
    }

    /** The namespace of group {@code group} in the cluster service: {@code binance-<name>-group-<n>}. */
    public String namespace(int group) {
        return "binance-" + name + "-group-" + group;
    }

    @Override
    public int groups() {
        return groups;
    }

    @Override
    public SortedMap<Integer, Long> owned() {
        return new TreeMap<>(owned);
    }

    @Override
    public String node() {
        return service.getId();
    }

    @Override
    public boolean connected() {
        return !(service instanceof ZooKeeperClusterService zooKeeper) || zooKeeper.getCuratorFramework() == null
                || zooKeeper.getCuratorFramework().getZookeeperClient().isConnected();
    }

    @Override
    protected void doStart() throws Exception {
        if (service == null) {
            service = camel.getRegistry().findSingleByType(CamelClusterService.class);
            if (service == null) {
                throw new ConfigurationException(Setting.CLUSTER_ZOOKEEPER_NODES.key(), "",
                        "ZooKeeper's host:port list, or a CamelClusterService bean (camel.beans.*) when "
                                + Setting.CLUSTER_GROUPS.key() + " is set");
            }
            if (!camel.hasService(service)) {
                camel.addService(service, true, true);
            }
        }
        for (int g = 0; g < groups; g++) {
            views.add(service.getView(namespace(g)));
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "binance-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts following the leadership, once the CamelContext has started (instead of starting the configured streams):
     * the configured streams are checked against the exchange now, the spools of the configured sinks opened, and
     * each group's streams run here from the first check that finds this instance its leader.
     */
    public void begin() {
        configured = List.copyOf(manager.configuredKeys());
        manager.openConfiguredSpools();
        LOG.info("Cluster '{}' as {}: {} stream(s) in {} group(s); this instance runs the groups it leads", name,
                node(), configured.size(), groups);
        ClusterMeters.register(camel, this);
        loop.scheduleWithFixedDelay(this::check, 0, checkInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One check of every group; a failure is logged and the group is looked at again at the next check. */
    void check() {
        for (int g = 0; g < groups; g++) {
            try {
                boolean leader = service.isLeader(namespace(g));
                if (leader && !owned.containsKey(g)) {
                    take(g);
                } else if (!leader && owned.containsKey(g)) {
                    letGo(g, "no longer its leader");
                } else if (!leader) {
                    standAgain(g);
                }
            } catch (RuntimeException e) {
                LOG.warn("Cluster group {}: {} (looked at again in {} ms)", g, e.toString(),
                        checkInterval.toMillis());
            }
        }
    }

    private List<StreamKey> streamsOf(int group) {
        return configured.stream().filter(key -> StreamGroups.group(key, groups) == group).toList();
    }

    private void take(int group) {
        long start = System.nanoTime();
        List<StreamKey> keys = streamsOf(group);
        Map<String, String> ends = positions.of(keys);
        for (StreamKey key : keys) {
            guards.seed(key.id(), Optional.ofNullable(ends.get(key.id())));
        }
        long read = System.nanoTime();
        manager.startKeys(keys);
        owned.put(group, System.currentTimeMillis());
        LOG.info("Cluster group {}: leading it now; {} stream(s) continue where their writes ended ({} known, read in"
                        + " {} ms), started {} ms after the leadership was seen: {}", group, keys.size(), ends.size(),
                TimeUnit.NANOSECONDS.toMillis(read - start), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                keys.stream().map(StreamKey::id).toList());
    }

    private void letGo(int group, String why) {
        List<String> ids = streamsOf(group).stream().map(StreamKey::id).toList();
        List<String> stopped = manager.stopRunning(ids);
        owned.remove(group);
        LOG.info("Cluster group {}: {}; {} stream(s) stopped", group, why, stopped.size());
    }

    /**
     * A view that lost its back-end session stays out of the election (Camel's ZooKeeper view does not requeue):
     * started anew when the back-end lists candidates but not this instance.
     */
    private void standAgain(int group) {
        CamelClusterView view = views.get(group);
        List<CamelClusterMember> members = view.getMembers();
        if (!members.isEmpty() && members.stream().noneMatch(CamelClusterMember::isLocal)) {
            LOG.info("Cluster group {}: this instance is no longer a candidate; standing for election again", group);
            try {
                service.stopView(namespace(group));
                service.startView(namespace(group));
            } catch (Exception e) {
                throw new IllegalStateException("could not restart the view " + namespace(group) + ": " + e, e);
            }
        }
    }

    /** Stops following the leadership; the streams themselves are stopped with the context's routes. */
    @Override
    protected void doStop() throws Exception {
        if (loop != null) {
            loop.shutdownNow();
            loop.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (int g : Set.copyOf(owned.keySet())) {
            try {
                letGo(g, "this instance stops");
            } catch (RuntimeException e) {
                LOG.warn("Cluster group {}: its streams did not stop cleanly: {}", g, e.toString());
            }
        }
        for (CamelClusterView view : views) {
            service.releaseView(view);
        }
        views.clear();
        positions.close();
    }
}
