package io.binancedata.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.binancedata.config.ConfigurationException;
import io.binancedata.config.Setting;
import io.binancedata.control.StreamManager;
import io.binancedata.sequence.SequenceGuards;
import io.binancedata.stream.ClusterMembership;
import io.binancedata.stream.HotStandby;
import io.binancedata.stream.LeaderTerms;
import io.binancedata.stream.StreamGroups;
import io.binancedata.stream.StreamKey;
import io.binancedata.threads.DaemonThreads;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
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
 * stands for election again, so a view whose instance is no longer among its candidates is started anew. The event
 * of this instance's election only runs a check at once (a group another instance released is taken without waiting
 * for the next check).
 * <p>
 * As the context stops, the groups are released once its routes have stopped (every stream's last frames written),
 * before its endpoints and components stop (closing a Kafka sink's producers takes a while): the next leaders take
 * over meanwhile.
 */
public final class ClusterGroups extends ServiceSupport implements ClusterMembership {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterGroups.class);

    private final CamelContext camel;
    private CamelClusterService service;
    private final StreamManager manager;
    private final SequenceGuards guards;
    private final LeaderTerms terms;
    private final GroupPositions positions;
    private final int groups;
    private final String name;
    private final String nodeId;
    private final Duration checkInterval;
    private final long rebalanceDelayNanos;
    /** Hot standby: told the streams of the groups led elsewhere after each check; null without. */
    private volatile HotStandby standby;
    /** Whether a take-over holds kept frames now (on the check's thread). */
    private boolean holding;
    private final List<CamelClusterView> views = new ArrayList<>();
    /**
     * The members counted at the last check, since when (nanoTime), and when this instance last took or gave up a
     * group.
     */
    private int members = -1;
    private long membersSinceNanos;
    private long changedAtNanos;
    /** The groups this instance leads and runs, with when it took each (epoch ms). */
    private final SortedMap<Integer, Long> owned = new ConcurrentSkipListMap<>();
    private ScheduledExecutorService loop;
    /** How long a check asked for by an election waits for the elections that follow it. */
    private static final long ELECTION_SETTLE_MILLIS = 200;
    /** How long the back-end lists a group's candidates without this instance before it stands again. */
    private static final long STAND_AGAIN_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Since when (nanoTime) each group's candidates were listed without this instance ({@code binance-cluster}). */
    private final Map<Integer, Long> absentSinceNanos = new HashMap<>();
    /** Groups this instance released to balance them and has not stood for again ({@code binance-cluster} only). */
    private final Set<Integer> handedOver = new TreeSet<>();
    /** A check asked for by a leadership event and not yet run. */
    private final AtomicBoolean checkAsked = new AtomicBoolean();
    /** Whether the groups were released as the context stops ({@link #leave}). */
    private final AtomicBoolean left = new AtomicBoolean();
    /** Told of the context's routes stopped ({@link #leave}); ignores every exchange, route, step and service event. */
    private final EventNotifierSupport routesStopped = new EventNotifierSupport() {
        {
            setIgnoreExchangeEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreStepEvents(true);
            setIgnoreCamelContextInitEvents(true);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.CamelContextRoutesStoppedEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            leave();
        }
    };

    /**
     * @param service       the cluster service (added to the context before this); null: the one
     *                      {@code CamelClusterService} bean of the context's registry (a file lock, a Kubernetes lease,
     *                      bound with {@code camel.beans.*} or by an embedding application)
     * @param groups        {@code binance.cluster.groups}
     * @param name          {@code binance.cluster.name}: part of each group's namespace, so that clusters can share
     *                      one back-end
     * @param nodeId        {@code binance.cluster.node-id} (or host name and pid): the id of a service bean that has
     *                      none
     * @param checkInterval how often leadership is compared with the streams that run
     * @param rebalanceDelay how long the members must stay the same before an instance that leads more than its share
     *                       of the groups gives one up (and as long again after each group it takes or gives up);
     *                       zero: never
     */
    public ClusterGroups(CamelContext camel, CamelClusterService service, StreamManager manager, SequenceGuards guards,
                         LeaderTerms terms, GroupPositions positions, int groups, String name, String nodeId,
                         Duration checkInterval, Duration rebalanceDelay) {
        this.camel = camel;
        this.service = service;
        this.manager = manager;
        this.guards = guards;
        this.terms = terms;
        this.positions = positions;
        this.groups = groups;
        this.name = name;
        this.nodeId = nodeId;
        this.checkInterval = checkInterval;
        this.rebalanceDelayNanos = rebalanceDelay.toNanos();
    }

    /**
     * Makes this instance a hot standby: after each check, {@code standby} is given the streams (Binance names) of the
     * configured streams whose groups this instance does not lead, whose frames it keeps for a take-over; a take-over
     * holds the frames of the streams it takes until they run. Set before the service starts.
     */
    public void standByWith(HotStandby standby) {
        this.standby = standby;
    }

    @Override
    public int standbyStreams() {
        HotStandby hot = standby;
        return hot == null ? 0 : hot.standingBy();
    }

    @Override
    public long standbyFrames() {
        HotStandby hot = standby;
        return hot == null ? 0 : hot.framesKept();
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
        return service.getId() != null ? service.getId() : nodeId;
    }

    @Override
    public boolean connected() {
        return !(service instanceof ZooKeeperClusterService zooKeeper) || zooKeeper.getCuratorFramework() == null
                || zooKeeper.getCuratorFramework().getZookeeperClient().isConnected();
    }

    @Override
    public boolean leads(int group) {
        return terms.current(group) != 0;
    }

    @Override
    public long fencedBatches() {
        return terms.fenced();
    }

    @Override
    public Optional<String> leaderOf(int group) {
        if (group < 0 || group >= views.size()) {
            return Optional.empty();
        }
        try {
            return views.get(group).getLeader().map(CamelClusterMember::getId);
        } catch (RuntimeException e) {
            return Optional.empty(); // the back-end is unreachable now: the message says the leader is unknown
        }
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
            if (service.getId() == null) {
                service.setId(nodeId);
            }
            if (!camel.hasService(service)) {
                camel.addService(service, true, true);
            }
        }
        for (int g = 0; g < groups; g++) {
            views.add(service.getView(namespace(g)));
        }
        loop = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("binance-cluster"));
        left.set(false);
        ServiceHelper.startService(routesStopped);
        camel.getManagementStrategy().addEventNotifier(routesStopped);
    }

    /**
     * Starts following the leadership, once the CamelContext has started (instead of starting the configured streams):
     * the configured streams are checked against the exchange now, the spools of the configured sinks opened, and
     * each group's streams run here from the first check that finds this instance its leader.
     */
    public void begin() {
        int streams = manager.configuredKeys().size();
        manager.openConfiguredSpools();
        LOG.info("Cluster '{}' as {}: {} stream(s) in {} group(s); this instance runs the groups it leads", name,
                node(), streams, groups);
        ClusterMeters.register(camel, this);
        loop.scheduleWithFixedDelay(this::check, 0, checkInterval.toNanos(), TimeUnit.NANOSECONDS);
        for (CamelClusterView view : views) {
            view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
                if (leader != null && leader.isLocal()) {
                    checkNow(); // only this instance's own election: a view stopped and started fires one too
                }
            });
        }
    }

    /**
     * Runs a check on {@code binance-cluster} {@link #ELECTION_SETTLE_MILLIS} after an election (one at a time asked;
     * none once stopping): an instance that stops releases all its groups at once, and the elections of their next
     * leader follow each other within moments — a check at the first would take that group alone, and the others only
     * after its fence, read and start.
     */
    private void checkNow() {
        ScheduledExecutorService executor = loop;
        if (executor == null || !checkAsked.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(() -> {
                checkAsked.set(false);
                check();
            }, ELECTION_SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            checkAsked.set(false); // stopping
        }
    }

    /**
     * One check of every group; a failure is logged and the group is looked at again at the next check. The groups
     * this instance lost are let go first; those it now leads and does not run yet are fenced together
     * ({@link GroupPositions#fence}), then taken together ({@link #takeAll}).
     */
    void check() {
        Map<Integer, Boolean> leadership = new TreeMap<>();
        for (int g = 0; g < groups; g++) {
            try {
                leadership.put(g, service.isLeader(namespace(g)));
            } catch (RuntimeException e) {
                lookAgain(g, e);
            }
        }
        Set<Integer> taking = new TreeSet<>();
        for (Map.Entry<Integer, Boolean> group : leadership.entrySet()) {
            int g = group.getKey();
            boolean leader = group.getValue();
            try {
                if (leader && !owned.containsKey(g)) {
                    taking.add(g);
                } else if (!leader && owned.containsKey(g)) {
                    letGo(g, "no longer its leader", true);
                } else if (!leader) {
                    standAgain(g);
                }
            } catch (RuntimeException e) {
                lookAgain(g, e);
            }
        }
        Set<Integer> fenced = Set.of();
        holdForTakeOver(taking);
        try {
            fenced = taking.isEmpty() ? Set.of() : positions.fence(taking);
        } catch (RuntimeException e) {
            LOG.warn("Cluster groups {}: not fenced now, taken at a later check: {}", taking, e.toString());
        }
        try {
            if (!fenced.isEmpty()) {
                takeAll(new TreeSet<>(fenced));
            }
        } finally {
            holdForTakeOver(Set.of());
        }
        try {
            balance();
        } catch (RuntimeException e) {
            LOG.warn("Cluster: the groups were not balanced now: {}", e.toString());
        }
        standBy(-1);
    }

    /**
     * Hot standby: the frames of the streams of {@code taking} (groups this instance is taking over: fenced, where
     * their writes ended read, their streams started, which for many streams can outlast the retention) are kept
     * whatever their age until the streams run; those of every other group are dropped by age again (a take-over that
     * failed).
     */
    private void holdForTakeOver(Set<Integer> taking) {
        HotStandby hot = standby;
        if (hot == null || taking.isEmpty() && !holding) {
            return;
        }
        try {
            hot.holdForTakeOver(streamNamesOf(taking::contains));
            holding = !taking.isEmpty();
        } catch (RuntimeException e) {
            holding = true; // whatever is held now is released by a later check's call
            LOG.warn("Cluster: the hot standby's frames were not held for the take-over of groups {}: {}", taking,
                    e.toString());
        }
    }

    /**
     * Hot standby: the streams of the groups this instance does not lead (and of {@code leaving}, a group it is letting
     * go: its streams stay subscribed when they stop, their frames kept from then on) are kept for a take-over.
     */
    private void standBy(int leaving) {
        HotStandby hot = standby;
        if (hot == null || left.get()) {
            return; // stopping: nothing to take over any more
        }
        try {
            hot.standBy(streamNamesOf(group -> group == leaving || !owned.containsKey(group)));
        } catch (RuntimeException e) {
            LOG.warn("Cluster: the hot standby's streams were not updated now: {}", e.toString());
        }
    }

    private void lookAgain(int group, RuntimeException failure) {
        LOG.warn("Cluster group {}: {} (looked at again in {} ms)", group, failure.toString(),
                checkInterval.toMillis());
    }

    /**
     * Every instance stands for every group, and the first one up leads them all: an instance that leads more than
     * its share ({@code ⌈groups / members⌉}), once the members have stayed the same for the rebalance delay and it has
     * neither taken nor given up a group for as long, gives up one group (the highest): one at a time, and not while a
     * take-over (an instance lost) is still settling. Giving up is a graceful hand-over: its streams stop (everything
     * they read is written) before the leadership is released, and this instance stands for election again behind the
     * others. A back-end that does not list its members (a file lock) is not balanced.
     */
    private void balance() {
        if (rebalanceDelayNanos == 0 || !connected()) {
            return; // cut off: the members cannot be counted now
        }
        long now = System.nanoTime();
        int counted = views.get(0).getMembers().size();
        if (counted != members) {
            members = counted;
            membersSinceNanos = now;
            return;
        }
        boolean settled = now - membersSinceNanos >= rebalanceDelayNanos
                && now - changedAtNanos >= rebalanceDelayNanos;
        if (members == 0 || !settled) {
            return;
        }
        int share = (groups + members - 1) / members;
        if (owned.size() <= share) {
            return;
        }
        int group = owned.lastKey();
        letGo(group, "giving it up to balance the groups (" + owned.size() + " led here, a share is " + share + " of "
                + groups + " for " + members + " members)", false);
        changedAtNanos = now;
        handedOver.add(group);
        release(List.of(group)); // this instance stands again at a later check
    }

    private List<StreamKey> streamsOf(int group) {
        return configuredIn(g -> g == group).toList();
    }

    /** The Binance names ({@code btcusdt@trade}) of the configured streams of the groups {@code groupsOf} accepts. */
    private Set<String> streamNamesOf(IntPredicate groupsOf) {
        return configuredIn(groupsOf).map(StreamKey::streamName).collect(Collectors.toSet());
    }

    /** The configured streams as last applied ({@link StreamManager#configuredKeysAsApplied}) in those groups. */
    private Stream<StreamKey> configuredIn(IntPredicate groupsOf) {
        return manager.configuredKeysAsApplied().stream()
                .filter(key -> groupsOf.test(StreamGroups.group(key, groups)));
    }

    /** Takes the groups together; if that fails, one by one: a group that cannot be taken now holds no other back. */
    private void takeAll(SortedSet<Integer> fenced) {
        if (fenced.size() > 1) {
            try {
                take(fenced);
                return;
            } catch (RuntimeException e) {
                LOG.warn("Cluster groups {}: not taken together ({}); taking them one by one", fenced, e.toString());
            }
        }
        for (int g : fenced) {
            try {
                take(new TreeSet<>(Set.of(g)));
            } catch (RuntimeException e) {
                lookAgain(g, e);
            }
        }
    }

    /**
     * Takes groups this instance now leads, all at once (a take-over after an instance died takes several): where
     * their streams' writes ended is read in one pass per topic, every stream seeded, each group's term opened, then
     * their streams started together. Nothing is taken if any of it fails; the next check tries again.
     */
    private void take(SortedSet<Integer> taken) {
        long start = System.nanoTime();
        Map<Integer, List<StreamKey>> keysOf = new TreeMap<>();
        taken.forEach(group -> keysOf.put(group, streamsOf(group)));
        List<StreamKey> keys = keysOf.values().stream().flatMap(List::stream).toList();
        Map<String, String> ends = seed(keys);
        long read = System.nanoTime();
        taken.forEach(terms::open);
        try {
            manager.startKeys(keys);
        } catch (RuntimeException e) {
            taken.forEach(terms::close);
            throw e;
        }
        changedAtNanos = System.nanoTime();
        long now = System.currentTimeMillis();
        long readMillis = TimeUnit.NANOSECONDS.toMillis(read - start);
        long startedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        keysOf.forEach((group, streams) -> {
            owned.put(group, now);
            LOG.info("Cluster group {}: leading it now; {} stream(s) continue where their writes ended ({} known, read"
                            + " in {} ms), started {} ms after the leadership was seen{}: {}", group, streams.size(),
                    streams.stream().filter(key -> ends.containsKey(key.id())).count(), readMillis, startedMillis,
                    taken.size() > 1 ? " (with groups " + others(taken, group) + ")" : "",
                    streams.stream().map(StreamKey::id).toList());
        });
    }

    @Override
    public void continueWhereWritesEnded(List<StreamKey> keys) {
        if (!keys.isEmpty()) {
            Map<String, String> ends = seed(keys);
            LOG.info("Cluster: {} stream(s) of groups led here start later than their group's take-over; {} continue "
                    + "where their writes ended: {}", keys.size(), ends.size(),
                    keys.stream().map(StreamKey::id).toList());
        }
    }

    /** Reads where the streams' writes ended and seeds their guards from it; returns what was found. */
    private Map<String, String> seed(List<StreamKey> keys) {
        Map<String, String> ends = positions.of(keys);
        for (StreamKey key : keys) {
            guards.seed(key.id(), Optional.ofNullable(ends.get(key.id())));
        }
        return ends;
    }

    private static List<Integer> others(SortedSet<Integer> taken, int group) {
        return taken.stream().filter(g -> g != group).toList();
    }

    /**
     * Stops the group's streams. Lost (another instance may lead it already): the fence closes first, so nothing read
     * from now on reaches Kafka; given up (this instance still leads it): its streams stop first and write everything
     * they read, then the fence closes. A hot standby keeps their subscriptions and their frames from then on.
     */
    private void letGo(int group, String why, boolean lost) {
        if (lost) {
            terms.close(group);
        }
        standBy(group);
        List<String> stopped = manager.stopRunningSinkStreams(key -> StreamGroups.group(key, groups) == group);
        terms.close(group);
        owned.remove(group);
        LOG.info("Cluster group {}: {}; {} stream(s) stopped", group, why, stopped.size());
    }

    /**
     * A view that lost its back-end session stays out of the election (Camel's ZooKeeper view does not requeue), and so
     * does one this instance released to balance the groups: started anew when the back-end has listed the group's
     * candidates without this instance for {@link #STAND_AGAIN_AFTER_NANOS} (a view just started registers within
     * moments: an instance's first check would otherwise restart every view it had just started). After an outage of
     * ZooKeeper longer than the session timeout (a ZooKeeper view leaves the election when its session is lost; with
     * Camel's own client, as soon as its connection is suspended) no instance may be listed at all (every one was cut
     * off, or this one runs alone): each stands again then too. A back-end that lists no members (a file lock) is left
     * alone.
     */
    private void standAgain(int group) {
        CamelClusterView view = views.get(group);
        List<CamelClusterMember> members = view.getMembers();
        boolean listsCandidates = !members.isEmpty() || service instanceof ZooKeeperClusterService;
        if (!listsCandidates || members.stream().anyMatch(CamelClusterMember::isLocal)) {
            absentSinceNanos.remove(group);
            return;
        }
        long now = System.nanoTime();
        if (now - absentSinceNanos.computeIfAbsent(group, g -> now) >= STAND_AGAIN_AFTER_NANOS) {
            absentSinceNanos.remove(group);
            if (handedOver.remove(group)) {
                LOG.info("Cluster group {}: standing for election again, behind the instance it was handed over to",
                        group);
            } else {
                LOG.info("Cluster group {}: this instance is no longer a candidate; standing for election again",
                        group);
            }
            try {
                service.stopView(namespace(group));
                service.startView(namespace(group));
            } catch (Exception e) {
                throw new IllegalStateException("could not restart the view " + namespace(group) + ": " + e, e);
            }
        }
    }

    /**
     * Gives up the leadership of groups this instance leads and waits (2 s at most) until the back-end no longer lists
     * this instance for any of them: the other instances take the groups at once, and the service is not stopped under
     * Curator's leader thread while it still deletes its node (it would log an ERROR).
     */
    private void release(List<Integer> released) {
        List<Integer> stopped = new ArrayList<>();
        IllegalStateException failure = null;
        for (int group : released) {
            try {
                service.stopView(namespace(group));
                stopped.add(group);
            } catch (Exception e) {
                IllegalStateException failed = new IllegalStateException("could not release " + namespace(group)
                        + ": " + e, e);
                if (failure == null) {
                    failure = failed;
                } else {
                    failure.addSuppressed(failed);
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && stopped.stream()
                .anyMatch(g -> views.get(g).getMembers().stream().anyMatch(CamelClusterMember::isLocal))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * {@link #release}s every group this instance leads, all together, as it stops (each group's next leader takes it
     * at once, not after the one before); a failure is only logged (at DEBUG).
     */
    private void resign() {
        List<Integer> led = new ArrayList<>();
        for (int g = 0; g < views.size(); g++) {
            try {
                if (service.isLeader(namespace(g))) {
                    led.add(g);
                }
            } catch (RuntimeException e) {
                LOG.debug("Cluster group {}: not resigned cleanly: {}", g, e.toString());
            }
        }
        try {
            release(led);
        } catch (RuntimeException e) {
            LOG.debug("Cluster groups {}: not resigned cleanly: {}", led, e.toString());
        }
    }

    /**
     * Stops following the leadership and releases every group this instance leads, once: when the context's routes
     * have stopped, or as this service stops (whichever comes first).
     */
    private void leave() {
        if (!left.compareAndSet(false, true)) {
            return;
        }
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int g : Set.copyOf(owned.keySet())) {
            try {
                letGo(g, "this instance stops", false);
            } catch (RuntimeException e) {
                LOG.warn("Cluster group {}: its streams did not stop cleanly: {}", g, e.toString());
            }
        }
        resign();
    }

    /** Stops following the leadership; the streams themselves are stopped with the context's routes. */
    @Override
    protected void doStop() throws Exception {
        leave();
        camel.getManagementStrategy().removeEventNotifier(routesStopped);
        ServiceHelper.stopService(routesStopped);
        for (CamelClusterView view : views) {
            service.releaseView(view);
        }
        views.clear();
        positions.close();
    }
}
