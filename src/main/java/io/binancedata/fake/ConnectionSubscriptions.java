package io.binancedata.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * The streams one connection is subscribed to, and its answers to SUBSCRIBE, UNSUBSCRIBE and LIST_SUBSCRIPTIONS
 * ({@link ControlRequest}): a subscribed stream starts sending on the connection after the answer, an unsubscribed
 * one sends nothing after it. A SUBSCRIBE that would take the connection past its stream limit (Binance: 1024) is
 * refused whole, nothing of it subscribed, with {@value #TOO_MANY_STREAMS} (code 2) — <b>guessed</b>: Binance's
 * documentation gives the limit but not its answer. In burst mode each subscription counts as a connection of its
 * stream for the burst's hold ({@link Burst#onOpened}). Used on the connection's event loop only.
 */
final class ConnectionSubscriptions {
    static final String TOO_MANY_STREAMS = "Invalid request: too many streams";
    /** The answer to a SUBSCRIBE refused by {@link FaultPlan#refuseSubscribes}. */
    static final String REFUSED = "Invalid request: refused (fault)";

    private final WebSocketSession session;
    private final SubscribedFrameSource source;
    private final StreamSources sources;
    private final int maxStreams;
    private final FaultPlan faults;
    private Replayer replayer;
    private volatile List<String> snapshot = List.of();

    ConnectionSubscriptions(WebSocketSession session, boolean combined, StreamSources sources, int maxStreams,
                            FaultPlan faults) {
        this.session = session;
        this.source = new SubscribedFrameSource(combined);
        this.sources = sources;
        this.maxStreams = maxStreams;
        this.faults = faults;
    }

    /** The frames of every subscribed stream, for the connection's replayer. */
    SubscribedFrameSource source() {
        return source;
    }

    /** The streams subscribed now, in subscription order; safe from any thread. */
    List<String> snapshot() {
        return snapshot;
    }

    /** Subscribes the streams asked for at the upgrade, before the replayer starts. */
    void subscribeAtOpen(List<StreamName> names) {
        for (StreamName name : names) {
            if (!source.has(name.name())) {
                source.add(name.name(), sources.open(name, Long.MIN_VALUE));
            }
        }
        snapshot = List.copyOf(source.streams());
    }

    /** The connection's replayer over the subscribed streams, made at the first call (started by the session). */
    Replayer replayer() {
        if (replayer == null) {
            replayer = sources.replayer(session, source);
        }
        return replayer;
    }

    /** After the replayer started: tells a burst which streams now have a connection. */
    void announce(List<StreamName> names) {
        Burst burst = sources.burst();
        if (burst != null && !names.isEmpty()) {
            Replayer woken = replayer;
            burst.onOpened(names, () -> session.context().runOnContext(ignored -> woken.wake()));
        }
    }

    /** Handles one text message of the client and answers it. */
    void onMessage(String text) {
        ControlRequest request = ControlRequest.parse(text);
        if (!request.isValid()) {
            session.sendExtra(request.error());
            return;
        }
        switch (request.method()) {
            case SUBSCRIBE -> subscribe(request.streams(), request.id());
            case UNSUBSCRIBE -> unsubscribe(request.streams(), request.id());
            case LIST_SUBSCRIPTIONS -> session.sendExtra(ControlRequest.list(source.streams(), request.id()));
            default -> throw new IllegalStateException("parsed as valid but not served: " + request.method());
        }
    }

    /** The connection closed: a burst no longer counts it for its streams. */
    void onClosed() {
        Burst burst = sources.burst();
        if (burst != null) {
            burst.onClosed(parsed(source.streams()));
        }
    }

    private void subscribe(List<StreamName> names, long id) {
        if (faults.refusesNextSubscribe()) {
            session.sendExtra(ControlRequest.error(2, REFUSED, id));
            return;
        }
        List<StreamName> added = new ArrayList<>();
        for (StreamName name : names) {
            if (!source.has(name.name()) && added.stream().noneMatch(a -> a.name().equals(name.name()))) {
                added.add(name);
            }
        }
        if (source.size() + added.size() > maxStreams) {
            session.sendExtra(ControlRequest.error(2, TOO_MANY_STREAMS, id));
            return;
        }
        long now = replayer.exchangeNow();
        for (StreamName name : added) {
            source.add(name.name(), sources.open(name, now));
        }
        snapshot = List.copyOf(source.streams());
        session.sendExtra(ControlRequest.done(id));
        announce(added);
        replayer.onSubscribed();
    }

    private void unsubscribe(List<StreamName> names, long id) {
        List<StreamName> removed = new ArrayList<>();
        List<FrameSource> removedSources = new ArrayList<>();
        for (StreamName name : names) {
            FrameSource stream = source.remove(name.name());
            if (stream != null) {
                removed.add(name);
                removedSources.add(stream);
            }
        }
        snapshot = List.copyOf(source.streams());
        Burst burst = sources.burst();
        if (burst != null && !removed.isEmpty()) {
            burst.onClosed(removed);
        }
        session.sendExtra(ControlRequest.done(id));
        if (faults.sendsFrameAfterNextUnsubscribeAnswer()) {
            for (FrameSource stream : removedSources) { // in flight inside the exchange when it took the request
                Frame late = stream.peek();
                if (late != null) {
                    stream.onSending();
                    session.send(source.asSent(late));
                    stream.advance();
                }
            }
        }
    }

    private static List<StreamName> parsed(List<String> streams) {
        List<StreamName> names = new ArrayList<>(streams.size());
        for (String stream : streams) {
            StreamName.parse(stream).ifPresent(names::add);
        }
        return names;
    }
}
