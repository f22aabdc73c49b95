package io.binancedata.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.binancedata.stream.StreamStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's shared combined-stream connections ({@code binance.connection.max-streams} above 1): a stream
 * starting rides the first connection with room, and a new connection is opened only when none has; a stream stopping
 * is unsubscribed, and a connection left without streams is closed. Thread-safe (streams start and stop on Camel's
 * threads; the supervisor ticks).
 * <p>
 * <b>Rotation, make-before-break.</b> A connection older than the rotation interval (plus a stagger of its own), or
 * one whose exchange announced maintenance, is replaced without a gap: a new connection subscribes every stream of
 * the old one while the old one still delivers. Each stream takes over on the new connection at its first frame
 * there ({@link Handover}): from then on its frames from the old connection are dropped, and the sequence guard
 * drops what both delivered. Once every stream has taken over, or the new connection has had every subscription
 * confirmed for {@link #SETTLE_GRACE} (quiet streams), the old connection is closed. A new connection that is not
 * settled within {@link #ROTATION_DEADLINE} is closed instead and the old one kept (tried again at the next tick).
 */
final class CombinedPool implements AutoCloseable {
    /** How long after a rotation's connection confirmed every stream the streams without a frame there take over. */
    static final Duration SETTLE_GRACE = Duration.ofSeconds(2);
    /** How long a rotation may take before it is given up and the old connection kept. */
    static final Duration ROTATION_DEADLINE = Duration.ofSeconds(60);
    /** A hot standby asks again for a stream kept for a take-over that the exchange refused this long ago. */
    static final Duration REFUSED_STANDBY_RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(CombinedPool.class);

    /** Makes a new (not yet open) connection of the given name. */
    private final Function<String, CombinedConnection> newConnection;
    private final List<CombinedConnection> connections = new ArrayList<>();
    /** Which connection carries each stream (the old one while a rotation moves it). */
    private final Map<String, CombinedConnection> carriers = new HashMap<>();
    /** Rotations under way, by the connection they replace. */
    private final Map<CombinedConnection, Rotation> rotations = new LinkedHashMap<>();
    /**
     * Rotation targets asked to rotate themselves (a maintenance notice) before their rotation completed: rotated once
     * their streams are on them with their own listeners, by the supervisor's next look.
     */
    private final Map<CombinedConnection, String> rotateOnceMoved = new LinkedHashMap<>();
    private int opened;
    /** Hot standby: how long and how many frames a stream not run here keeps; null: no hot standby. */
    private final StandbySettings standby;
    /** With a hot standby, every stream carried, run here or kept for a take-over, by name. */
    private final Map<String, StandbyStream> standbys = new HashMap<>();
    /** The streams this instance keeps for a take-over ({@link #standBy}). */
    private Set<String> standbyWanted = Set.of();

    /** How a hot standby keeps the frames of the streams it does not run. */
    record StandbySettings(Duration retention, int maxFrames) {
    }

    /** @param standby how streams are kept for a take-over ({@link #standBy}); null for no hot standby */
    CombinedPool(Function<String, CombinedConnection> newConnection, StandbySettings standby) {
        this.newConnection = newConnection;
        this.standby = standby;
    }

    /**
     * Carries {@code stream} on a connection with room (not one being rotated away), opening one when none has. With a
     * hot standby, a stream kept for a take-over is already carried: the route adopts it, the frames kept first
     * ({@link StandbyStream#adopt}) when a take-over holds them ({@link #holdForTakeOver}); a route that starts it
     * otherwise (the Java API's {@code EventProcessor} on a standby) begins with the live frames, as anywhere else.
     */
    synchronized void subscribe(String stream, StreamConnection.FrameHandler handler,
                                CombinedConnection.StreamListener listener) {
        if (standby == null) {
            carry(stream, handler, listener);
            return;
        }
        StandbyStream kept = standbys.get(stream);
        if (kept == null) {
            kept = carryStandby(stream);
        } else if (carriedBy(stream) == null) { // the exchange refused it: asked for anew
            kept = askAnew(stream);
        } else if (!kept.held()) {
            kept.forget(); // not a take-over: the previous leader's moments are not this route's to replay
        }
        kept.adopt(handler, listener);
    }

    /**
     * A stream kept for a take-over that the exchange refused: its StandbyStream forgotten, the stream dropped (also
     * from a rotation under way, which would carry it again) and carried anew.
     */
    private StandbyStream askAnew(String stream) {
        standbys.remove(stream);
        drop(stream);
        return carryStandby(stream);
    }

    /** Carries {@code stream} through a new {@link StandbyStream}, kept in {@link #standbys} once carried. */
    private StandbyStream carryStandby(String stream) {
        StandbyStream kept = new StandbyStream(stream, standby.retention().toNanos() / 1000, standby.maxFrames());
        carry(stream, kept, kept);
        standbys.put(stream, kept);
        return kept;
    }

    /** The connection whose route carries {@code stream} now, or null. */
    private CombinedConnection carriedBy(String stream) {
        CombinedConnection carrier = carriers.get(stream);
        return carrier == null || carrier.route(stream) == null ? null : carrier;
    }

    /**
     * Hot standby: keeps the frames of {@code streams} for a take-over from now on — each one not carried yet is
     * subscribed, and a stream no longer wanted and not run here is unsubscribed. A route that starts one of them
     * adopts it ({@link #subscribe}); one that stops hands it back ({@link #unsubscribe}). Nothing without a hot
     * standby.
     */
    synchronized void standBy(Set<String> streams) {
        if (standby == null || streams.equals(standbyWanted)) {
            return;
        }
        Set<String> wanted = Set.copyOf(streams);
        for (StandbyStream kept : List.copyOf(standbys.values())) {
            if (!streams.contains(kept.name()) && !kept.adopted()) {
                standbys.remove(kept.name());
                drop(kept.name());
            }
        }
        int added = 0;
        for (String stream : streams) {
            if (!standbys.containsKey(stream)) {
                carryStandby(stream);
                added++;
            }
        }
        standbyWanted = wanted; // only now: a call that failed part-way is done again at the next check
        LOG.info("Hot standby: keeping the frames of {} stream(s) run elsewhere ({} subscribed now)", streams.size(),
                added);
    }

    /**
     * A take-over of {@code streams} begins ({@link StandbyStream#hold}): their kept frames are not dropped for their
     * age until their routes run; every other stream kept is released from such a hold (a take-over that failed).
     */
    synchronized void holdForTakeOver(Set<String> streams) {
        standbys.forEach((name, kept) -> kept.hold(streams.contains(name)));
    }

    /** Streams carried for a take-over, not run here now, whose subscription the exchange has confirmed. */
    synchronized int standingBy() {
        return (int) standbys.values().stream().filter(s -> !s.adopted() && s.confirmed()).count();
    }

    /** Frames kept now for a take-over, all streams together. */
    synchronized long framesKept() {
        long frames = 0;
        for (StandbyStream kept : standbys.values()) {
            frames += kept.kept();
        }
        return frames;
    }

    private void carry(String stream, StreamConnection.FrameHandler handler,
                       CombinedConnection.StreamListener listener) {
        for (CombinedConnection connection : connections) {
            // not a connection being rotated away, nor a rotation's new one: that is closed if the rotation is given up
            if (!rotations.containsKey(connection) && !isRotationTarget(connection) && connection.hasRoom()
                    && connection.subscribe(stream, handler, listener)) {
                carriers.put(stream, connection);
                return;
            }
        }
        CombinedConnection connection = open();
        if (!connection.subscribe(stream, handler, listener)) {
            throw new IllegalStateException("a new connection refused its first stream " + stream);
        }
        carriers.put(stream, connection);
        LOG.info("Stream {} opens shared connection {} ({} shared connections)", stream, connection.name(),
                connections.size());
        connection.open();
    }

    private CombinedConnection open() {
        CombinedConnection connection = newConnection.apply("combined-" + ++opened);
        connection.onShutdownNotice(() -> rotate(connection, "the exchange announced maintenance"));
        connections.add(connection);
        return connection;
    }

    /**
     * Stops carrying {@code stream}; closes its connection when no stream is left on it. A stream this instance keeps
     * for a take-over ({@link #standBy}) stays carried and keeps its frames again.
     */
    synchronized void unsubscribe(String stream) {
        StandbyStream kept = standbys.get(stream);
        if (kept != null) {
            kept.release();
            if (standbyWanted.contains(stream)) {
                return;
            }
            standbys.remove(stream);
        }
        drop(stream);
    }

    private void drop(String stream) {
        CombinedConnection connection = carriers.remove(stream);
        if (connection == null) {
            return;
        }
        Rotation rotation = rotations.get(connection);
        if (rotation != null && rotation.handovers.remove(stream) != null) {
            rotation.next.unsubscribe(stream);
            closeIfEmpty(rotation.next);
        }
        connection.unsubscribe(stream);
        closeIfEmpty(connection);
    }

    private void closeIfEmpty(CombinedConnection connection) {
        if (connection.streamCount() == 0 && connections.remove(connection)) {
            Rotation rotation = rotations.remove(connection);
            if (rotation != null) { // nothing left to move
                connections.remove(rotation.next);
                rotation.next.close();
            }
            connection.close();
        }
    }

    /**
     * One look, by the supervisor (about once a second): starts the rotation of every connection older than
     * {@code rotationNanos} plus its stagger, and moves rotations under way on.
     */
    synchronized void tick(long now, long rotationNanos) {
        for (CombinedConnection connection : List.copyOf(connections)) {
            long opened = connection.connectedAtNanos();
            if (opened >= 0 && !rotations.containsKey(connection) && !isRotationTarget(connection)
                    && now - opened > rotationNanos + StreamSupervisor.stagger(connection.name(), rotationNanos)) {
                rotate(connection, "scheduled rotation");
            }
        }
        for (Rotation rotation : List.copyOf(rotations.values())) {
            progress(rotation, now);
        }
        for (Map.Entry<CombinedConnection, String> asked : List.copyOf(rotateOnceMoved.entrySet())) {
            if (!connections.contains(asked.getKey()) || !isRotationTarget(asked.getKey())) {
                rotateOnceMoved.remove(asked.getKey());
                rotate(asked.getKey(), asked.getValue());
            }
        }
        askAgainForRefusedStandbys(now);
    }

    /**
     * Hot standby: a stream kept for a take-over that the exchange refused is asked for again
     * {@link #REFUSED_STANDBY_RETRY} after the refusal (and so on, once a minute at most): a take-over of it would
     * otherwise be cold.
     */
    private void askAgainForRefusedStandbys(long now) {
        for (StandbyStream kept : List.copyOf(standbys.values())) {
            long refused = kept.refusedAtNanos();
            String stream = kept.name();
            if (refused < 0 || now - refused < REFUSED_STANDBY_RETRY.toNanos() || kept.adopted()
                    || !standbyWanted.contains(stream) || carriedBy(stream) != null) {
                continue;
            }
            try {
                askAnew(stream);
                LOG.info("Hot standby: asking again for stream {}, refused by the exchange {} s ago", stream,
                        TimeUnit.NANOSECONDS.toSeconds(now - refused));
            } catch (RuntimeException e) {
                LOG.warn("Hot standby: stream {} not asked for again now: {}", stream, e.toString());
            }
        }
    }

    /** Streams kept for a take-over whose subscription the exchange refused (asked for again after a minute). */
    synchronized int refusedStandbys() {
        return (int) standbys.values().stream().filter(s -> s.refusedAtNanos() >= 0).count();
    }

    private boolean isRotationTarget(CombinedConnection connection) {
        return rotations.values().stream().anyMatch(r -> r.next == connection);
    }

    /**
     * Starts replacing {@code old} make-before-break (see the class comment).
     *
     * @return false when it is not a connection of this pool, is being replaced already, or carries nothing; or when
     *         it is the new connection of a rotation under way: it is rotated once that one completed (its streams'
     *         routes there still lead to their hand-overs, whose listeners hear nothing)
     */
    synchronized boolean rotate(CombinedConnection old, String reason) {
        if (!connections.contains(old) || rotations.containsKey(old) || old.streamCount() == 0) {
            return false;
        }
        if (isRotationTarget(old)) {
            if (rotateOnceMoved.putIfAbsent(old, reason) == null) {
                LOG.info("Connection {}: to be rotated ({}) once the rotation onto it has completed", old.name(),
                        reason);
            }
            return false;
        }
        CombinedConnection next = open();
        Rotation rotation = new Rotation(old, next, System.nanoTime());
        for (CombinedConnection.Route route : old.routes()) {
            Handover handover = new Handover(route.handler(), route.listener());
            old.replace(route.stream(), handover.oldSide, route.listener());
            next.subscribe(route.stream(), handover.newSide, Handover.QUIET);
            rotation.handovers.put(route.stream(), handover);
        }
        rotations.put(old, rotation);
        LOG.info("Connection {}: rotating its {} streams to {} ({})", old.name(), rotation.handovers.size(),
                next.name(), reason);
        next.open();
        return true;
    }

    private void progress(Rotation rotation, long now) {
        boolean allMoved = rotation.handovers.values().stream().allMatch(Handover::moved);
        if (rotation.settledAt < 0 && rotation.next.settled()) {
            rotation.settledAt = now;
        }
        if (allMoved || rotation.settledAt >= 0 && now - rotation.settledAt >= SETTLE_GRACE.toNanos()) {
            complete(rotation);
        } else if (now - rotation.startedAt > ROTATION_DEADLINE.toNanos()) {
            abandon(rotation);
        }
    }

    /**
     * Every stream rides the new connection now; the old one is closed. A stream the exchange refused on the new
     * connection (it settles without it) is subscribed anew, as any stream is: its listener hears of a second refusal.
     */
    private void complete(Rotation rotation) {
        rotations.remove(rotation.old);
        Map<String, Handover> refused = new LinkedHashMap<>();
        rotation.handovers.forEach((stream, handover) -> {
            handover.moveNow();
            if (rotation.next.replace(stream, handover.target, handover.listener)) {
                carriers.put(stream, rotation.next);
                handover.listener.rotated(stream);
            } else {
                refused.put(stream, handover);
            }
        });
        connections.remove(rotation.old);
        rotation.old.close();
        LOG.info("Connection {}: rotated to {} ({} streams)", rotation.old.name(), rotation.next.name(),
                rotation.handovers.size() - refused.size());
        refused.forEach((stream, handover) -> {
            LOG.warn("Connection {}: stream {} was refused there in the rotation from {}; subscribing it anew",
                    rotation.next.name(), stream, rotation.old.name());
            carriers.remove(stream);
            carry(stream, handover.target, handover.listener);
        });
        closeIfEmpty(rotation.next); // when they went to another connection with room
    }

    /** The new connection did not settle in time: it is closed, and the old one carries on as before. */
    private void abandon(Rotation rotation) {
        rotations.remove(rotation.old);
        connections.remove(rotation.next);
        rotation.next.close();
        rotation.handovers.forEach((stream, handover) -> rotation.old.replace(stream, handover.target,
                handover.listener));
        LOG.warn("Connection {}: its rotation to {} did not settle within {} s; keeping it and trying again",
                rotation.old.name(), rotation.next.name(), ROTATION_DEADLINE.toSeconds());
    }

    /**
     * Replaces the connection carrying {@code stream} make-before-break, because the stream stalled on it (see
     * {@link #rotate}); false when that cannot start now (the stream is not carried, or a rotation is under way).
     */
    synchronized boolean rotateCarrier(String stream, String cause) {
        CombinedConnection carrier = carriers.get(stream);
        return carrier != null && rotate(carrier, "stream " + stream + " " + cause);
    }

    /** What a data-stall probe reads of {@code stream}'s subscription, wherever it is carried. */
    ProbedStream probed(String stream, StreamStatus status) {
        return new ProbedStream() {
            @Override
            public StreamStatus status() {
                return status;
            }

            @Override
            public long lastDataNanos() {
                CombinedConnection carrier = carrier(stream);
                CombinedConnection.Route route = carrier == null ? null : carrier.route(stream);
                if (route == null || route.confirmedAtNanos() < 0) {
                    return -1;
                }
                return Math.max(Math.max(route.lastFrameNanos(), route.confirmedAtNanos()), carrier.resumedAtNanos());
            }

            @Override
            public long lastFrameNanos() {
                CombinedConnection.Route route = route(stream);
                return route == null ? -1 : route.lastFrameNanos();
            }

            @Override
            public long connectedAtNanos() {
                CombinedConnection.Route route = route(stream);
                return route == null ? -1 : route.confirmedAtNanos();
            }

            @Override
            public boolean isPaused() {
                CombinedConnection carrier = carrier(stream);
                return carrier != null && carrier.isPaused();
            }
        };
    }

    private synchronized CombinedConnection carrier(String stream) {
        return carriers.get(stream);
    }

    private CombinedConnection.Route route(String stream) {
        CombinedConnection carrier = carrier(stream);
        return carrier == null ? null : carrier.route(stream);
    }

    /** Shared connections open now (a rotation's new connection included). */
    synchronized int size() {
        return connections.size();
    }

    @Override
    public synchronized void close() {
        connections.forEach(CombinedConnection::close);
        connections.clear();
        carriers.clear();
        standbys.clear();
        rotations.clear();
    }

    /** One connection being replaced by another. */
    private static final class Rotation {
        final CombinedConnection old;
        final CombinedConnection next;
        final long startedAt;
        final Map<String, Handover> handovers = new LinkedHashMap<>();
        long settledAt = -1;

        Rotation(CombinedConnection old, CombinedConnection next, long startedAt) {
            this.old = old;
            this.next = next;
            this.startedAt = startedAt;
        }
    }

    /**
     * One stream moving from the old connection to the new: its frames come from the old connection until the first
     * one arrives on the new, and from the new only after that. Both sides deliver under this object's monitor, so
     * the stream's handler is never called by the two connections at once.
     */
    static final class Handover {
        /** The rotation's connection is not the stream's yet: its loss or confirmations say nothing to the stream. */
        static final CombinedConnection.StreamListener QUIET = new CombinedConnection.StreamListener() {
            @Override
            public void subscribed(String stream) {
            }

            @Override
            public void subscriptionFailed(String stream, String cause) {
            }

            @Override
            public void lost(String stream, String cause) {
            }
        };

        final StreamConnection.FrameHandler target;
        final CombinedConnection.StreamListener listener;
        private boolean moved;
        final StreamConnection.FrameHandler oldSide = this::fromOld;
        final StreamConnection.FrameHandler newSide = this::fromNew;

        Handover(StreamConnection.FrameHandler target, CombinedConnection.StreamListener listener) {
            this.target = target;
            this.listener = listener;
        }

        private synchronized boolean fromOld(CharSequence frame, long receiveTimeMicros, Runnable resume) {
            return moved || target.onFrame(frame, receiveTimeMicros, resume); // after the move: dropped, read on
        }

        private synchronized boolean fromNew(CharSequence frame, long receiveTimeMicros, Runnable resume) {
            moved = true;
            return target.onFrame(frame, receiveTimeMicros, resume);
        }

        synchronized boolean moved() {
            return moved;
        }

        synchronized void moveNow() {
            moved = true;
        }
    }
}
