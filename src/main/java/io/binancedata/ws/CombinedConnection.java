package io.binancedata.ws;

import java.net.URI;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.core.IntervalFunction;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised Binance combined-stream connection ({@code /stream?streams=a/b/…}) carrying many streams, on the
 * component's Vert.x {@link WebSocketClient}: the answer to Binance's limit of connection attempts per IP when a
 * process streams thousands of symbols (issue 13). Camel-free; the per-stream side is the same
 * {@link StreamConnection.FrameHandler} a raw-stream connection feeds, so a stream's inbox and pipeline do not change.
 * <p>
 * <b>How it will be wired.</b> One Camel route per stream stays. The component keeps a pool of these connections;
 * a consumer starting asks the pool for a connection with room ({@link #hasRoom()}; a new one is opened only when
 * none has) and {@link #subscribe}s its stream; stopping {@link #unsubscribe}s it; the pool closes a connection left
 * without streams ({@link #streamCount()}).
 * <ul>
 * <li><b>Streams.</b> The streams wanted when a connection opens go in its URL (up to
 * {@link CombinedSettings#maxUrlChars}); the others, and those added later, by {@code SUBSCRIBE} messages holding up
 * to {@link CombinedSettings#subscribeBatch} names; removed ones by {@code UNSUBSCRIBE}. Every request's answer is
 * checked by its id. The exchange refuses a whole request for one bad name (e.g. an unknown kline interval), so
 * the names of a refused request are asked for again one per request; a stream refused alone is dropped and its
 * listener told ({@link StreamListener#subscriptionFailed}). No answer within {@link CombinedSettings#answerTimeout}
 * fails a request's streams too and drops the connection (one that does not answer is broken), whose successor
 * subscribes them again. At most {@link CombinedSettings#maxStreams} streams; {@link #subscribe} refuses more.</li>
 * <li><b>Pacing.</b> Everything the client sends — control messages and its own pings — leaves from one tick every
 * {@code 1/messagesPerSecond}, at most one message per tick, one being written at a time, and never more than
 * {@code messagesPerSecond} written in 1.1 s ({@link SendWindow}): Binance counts them (and the pongs Vert.x sends to
 * its pings, one every 20 s) against 5 per second, and drops a connection over it.</li>
 * <li><b>Routing.</b> Each data message goes by its {@code stream} field to that stream's handler, which gets the
 * {@code data} value as a window on the decoded message (the decoder's re-used buffer, positioned on the value: no
 * copy). Answers are told apart from data; a message of neither shape, or data of a stream never carried, is counted,
 * handed to the {@link UnroutedMessages} sink (so it can be kept) and logged, rate-limited. Data still in flight for a
 * stream unsubscribed is counted ({@link #framesAfterUnsubscribe()}) and not delivered: after {@link #unsubscribe}
 * returns, its handler is not called again.</li>
 * <li><b>Back-pressure is per connection.</b> When any stream's handler says "wait", the whole connection stops
 * reading until that handler resumes it: every stream on it waits. The per-stream spill exists so this stays rare.
 * The handshake is {@link StreamConnection}'s: a resume that overtakes the pause still reads on.</li>
 * <li><b>Supervision.</b> A loss (close, reset, error, no pong, no answer, {@code !serverShutdown}) is reported to every
 * stream ({@link StreamListener#lost}) and followed by a reconnect with exponential backoff and jitter, then — the
 * streams told they failed ({@link StreamListener#failed}) — at the cool-down cadence, never given up, and at once when
 * a stream is subscribed; the new connection subscribes every stream again, each told
 * {@link StreamListener#subscribed} once confirmed (a stream de-duplicates and backfills as on a raw connection).
 * Every attempt asks the {@link AttemptGate}. {@link #close()} really closes. {@link #reconnect} and
 * {@link #lastDataNanos()} are the hooks of a data-stall probe per connection (not yet here). Make-before-break
 * rotation is the {@link CombinedPool}'s: it moves the streams to a new connection ({@link #routes},
 * {@link #replace}, {@link #settled}); a {@code !serverShutdown} notice asks it to ({@link #onShutdownNotice}).</li>
 * </ul>
 */
public final class CombinedConnection implements AutoCloseable {
    /**
     * What a stream hears about its subscription; called on the connection's threads (the reader's event loop or the
     * component's scheduler): quick and non-blocking.
     */
    public interface StreamListener {
        /** The exchange confirmed the subscription (at open, by URL, or by an answer); again after every reconnect. */
        void subscribed(String stream);

        /** The subscription failed: an error answer (the stream is dropped) or no answer (it is tried again). */
        void subscriptionFailed(String stream, String cause);

        /** The connection was lost; it reconnects and subscribes the stream again. */
        void lost(String stream, String cause);

        /**
         * The connection was lost and {@code binance.reconnect.max-attempts} reconnects have failed since it was last
         * open: it keeps trying at the cool-down cadence (and at once when a stream is subscribed).
         */
        default void failed(String stream, String cause) {
            lost(stream, cause);
        }

        /** The stream moved to a new connection that replaced this one, make-before-break ({@link CombinedPool}). */
        default void rotated(String stream) {
        }
    }

    /** Receives, to keep them, messages that reach no stream; called on the reader's thread, valid during the call. */
    @FunctionalInterface
    public interface UnroutedMessages {
        void unrouted(CharSequence message, String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CombinedConnection.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * How long a stream whose UNSUBSCRIBE was answered still counts as leaving: data the exchange had on its way when
     * it took the request may follow the answer, and is counted ({@link #framesAfterUnsubscribe}), not unrouted.
     */
    static final long LEFT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String name;
    private final WebSocketClient client;
    private final URI baseUri;
    private final ConnectionSettings settings;
    private final CombinedSettings combined;
    private final ScheduledExecutorService scheduler;
    private final EpochNanoClock clock;
    private final AttemptGate gate;
    /** Every attempt connects from this context (see {@link BinanceWebSocketComponent#connectionContext}). */
    private final Context context;
    private final UnroutedMessages unrouted;
    private final IntervalFunction backoff;
    private final ReentrantLock delivery = new ReentrantLock();

    private final Object lock = new Object();
    /** The streams carried, in subscription order. */
    private final Map<String, Route> wanted = new LinkedHashMap<>();
    /** Names the exchange has (by URL or SUBSCRIBE) on the current connection, as far as the client has asked. */
    private final Set<String> sent = new LinkedHashSet<>();
    private final Set<String> toSubscribe = new LinkedHashSet<>();
    /** Streams of a refused SUBSCRIBE of several names, asked for again one per request. */
    private final Set<String> alone = new LinkedHashSet<>();
    private final Set<String> toUnsubscribe = new LinkedHashSet<>();
    /**
     * Unsubscribed names whose UNSUBSCRIBE is not yet answered, or was answered less than {@link #LEFT_GRACE_NANOS}
     * ago: their data may still arrive.
     */
    private final Map<String, Route> leaving = new HashMap<>();
    /** Of {@link #leaving}, those answered: when (System.nanoTime). */
    private final Map<String, Long> answeredAt = new HashMap<>();
    private final Map<Long, Request> pending = new HashMap<>();
    /** What the reader routes by: published whole, so that it never sees a stream in neither table. */
    private volatile Tables tables = new Tables(new StreamTable<>(Map.of()), new StreamTable<>(Map.of()));
    private long nextId;
    private Session current;
    private boolean closed = true;
    private long generation;
    private int failures;
    private ScheduledFuture<?> ticks;

    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknownStream = new AtomicLong();
    private final AtomicLong afterUnsubscribe = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile long lastUnroutedLogNanos = System.nanoTime() - LOG_EVERY_NANOS;
    private volatile Runnable shutdownNotice;

    /**
     * @param name    for the log, e.g. {@code combined-3}
     * @param baseUri the exchange's WebSocket base, e.g. {@code wss://stream.binance.com:9443}; {@code /stream} is added
     */
    public CombinedConnection(String name, WebSocketClient client, URI baseUri, ConnectionSettings settings,
                              CombinedSettings combined, ScheduledExecutorService scheduler, EpochNanoClock clock,
                              AttemptGate gate, UnroutedMessages unrouted) {
        this.name = name;
        this.client = client;
        this.baseUri = baseUri;
        this.settings = settings;
        this.combined = combined;
        this.scheduler = scheduler;
        this.clock = clock;
        this.gate = gate;
        this.context = BinanceWebSocketComponent.connectionContext(client);
        this.unrouted = unrouted;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.reconnectDelay().toMillis(), 2.0, 0.5,
                Math.max(settings.reconnectDelay().toMillis(), settings.maxReconnectDelay().toMillis()));
    }

    /**
     * Carries a stream: in the URL if the connection is not open yet, else by a SUBSCRIBE sent within the message
     * budget. The handler receives each of its events' {@code data} value.
     *
     * @param stream a Binance stream name, e.g. {@code btcusdt@trade}
     * @return false when the connection already carries {@link CombinedSettings#maxStreams} streams (ask another)
     * @throws IllegalArgumentException when the name cannot be a stream name or the stream is carried already
     */
    public boolean subscribe(String stream, StreamConnection.FrameHandler handler, StreamListener listener) {
        checkName(stream);
        synchronized (lock) {
            if (wanted.containsKey(stream)) {
                throw new IllegalArgumentException("stream " + stream + " is carried already by " + name);
            }
            if (wanted.size() >= combined.maxStreams()) {
                return false;
            }
            wanted.put(stream, new Route(stream, handler, listener));
            toUnsubscribe.remove(stream); // SUBSCRIBE is idempotent: sent again, its answer confirms the new route
            toSubscribe.add(stream);
            routesChanged();
            if (!closed && current == null && failures > settings.maxReconnectAttempts()) {
                // its attempts are used up and it waits for the cool-down: a start command tries again at once (a
                // new generation, so the attempt already scheduled for the cool-down does not run as well)
                long gen = ++generation;
                scheduler.execute(() -> attempt(gen));
            }
        }
        return true;
    }

    /**
     * Stops carrying a stream: its handler is not called again once this returns; an UNSUBSCRIBE follows within the
     * message budget if the exchange was asked for it.
     *
     * @return false when the stream was not carried
     */
    public boolean unsubscribe(String stream) {
        delivery.lock(); // waits for a delivery under way, so none follows this call
        try {
            synchronized (lock) {
                Route route = wanted.remove(stream);
                if (route == null) {
                    return false;
                }
                toSubscribe.remove(stream);
                alone.remove(stream);
                if (sent.contains(stream)) {
                    toUnsubscribe.add(stream);
                    leaving.put(stream, route);
                    answeredAt.remove(stream);
                }
                routesChanged();
            }
        } finally {
            delivery.unlock();
        }
        return true;
    }

    /** The route of a carried stream, or null. */
    Route route(String stream) {
        synchronized (lock) {
            return wanted.get(stream);
        }
    }

    /** When reading last resumed after back-pressure on the current connection; -1 when never or not connected. */
    long resumedAtNanos() {
        Session s = currentSession();
        return s == null || s.socket == null ? -1 : s.resumedAtNanos();
    }

    /** The streams carried, with their handlers and listeners, in subscription order (a snapshot). */
    List<Route> routes() {
        synchronized (lock) {
            return List.copyOf(wanted.values());
        }
    }

    /**
     * Gives a carried stream another handler and listener (a rotation's hand-over, and back); a delivery under way
     * finishes with the old handler.
     *
     * @return false when the stream is not carried
     */
    boolean replace(String stream, StreamConnection.FrameHandler handler, StreamListener listener) {
        synchronized (lock) {
            Route route = wanted.get(stream);
            if (route == null) {
                return false;
            }
            route.handler = handler;
            route.listener = listener;
            return true;
        }
    }

    /**
     * Whether the connection is open and the exchange has confirmed every stream carried (none waits for a SUBSCRIBE
     * or its answer).
     */
    boolean settled() {
        synchronized (lock) {
            return !closed && current != null && current.socket != null && toSubscribe.isEmpty() && alone.isEmpty()
                    && pending.values().stream().noneMatch(r -> r.method.equals("SUBSCRIBE"));
        }
    }

    /** Nanosecond time ({@link System#nanoTime()}) the current connection opened; -1 when not connected. */
    long connectedAtNanos() {
        Session s = currentSession();
        return s == null || s.socket == null ? -1 : s.openedAtNanos;
    }

    /**
     * What to do when the exchange announces maintenance ({@code serverShutdown}) on this connection: by default it
     * is dropped and made again; the pool rotates it make-before-break instead.
     */
    void onShutdownNotice(Runnable action) {
        this.shutdownNotice = action;
    }

    /** The name it logs under, e.g. {@code combined-3}. */
    String name() {
        return name;
    }

    /** Streams carried (subscribed or on their way). */
    public int streamCount() {
        synchronized (lock) {
            return wanted.size();
        }
    }

    /** Whether one more stream may be subscribed. */
    public boolean hasRoom() {
        synchronized (lock) {
            return wanted.size() < combined.maxStreams();
        }
    }

    /** Messages of neither the data nor the answer shape. */
    public long malformedMessages() {
        return malformed.get();
    }

    /** Data messages of a stream this connection does not carry and did not carry lately. */
    public long unknownStreamMessages() {
        return unknownStream.get();
    }

    /** Data still in flight for streams unsubscribed, not delivered. */
    public long framesAfterUnsubscribe() {
        return afterUnsubscribe.get();
    }

    /** Connections opened so far (the first and every reconnect). */
    public long connectionsOpened() {
        return connections.get();
    }

    /** Control requests sent and not answered yet. */
    public int pendingRequests() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * Nanosecond time ({@link System#nanoTime()}) data last came on the current connection — its last data message,
     * or when it opened, or when reading resumed after back-pressure, whichever is latest; -1 when not connected. For
     * a data-stall probe per connection.
     */
    public long lastDataNanos() {
        Session s = currentSession();
        if (s == null || s.socket == null) {
            return -1;
        }
        return Math.max(Math.max(s.lastFrameNanos, s.openedAtNanos), s.resumedAtNanos());
    }

    /**
     * Drops the current connection as lost (e.g. a stall probe found it silent): every stream is told, and a new
     * connection follows with backoff and subscribes them all again.
     */
    public void reconnect(String cause) {
        Session s = currentSession();
        if (s != null) {
            s.lost(cause);
        }
    }

    /** Whether the connection is not read right now because a stream's handler said "wait". */
    public boolean isPaused() {
        Session s = currentSession();
        return s != null && s.paused();
    }

    /** Starts connecting in the background with the streams subscribed so far; never blocks on the network. */
    public void open() {
        long gen;
        synchronized (lock) {
            if (!closed) {
                return;
            }
            closed = false;
            failures = 0;
            gen = ++generation;
            long interval = combined.sendIntervalNanos();
            ticks = scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.NANOSECONDS);
        }
        attempt(gen);
    }

    /** Closes the socket (a close frame; the TCP connection follows) and stops any reconnect. */
    @Override
    public void close() {
        Session session;
        synchronized (lock) {
            closed = true;
            generation++;
            session = current;
            current = null;
            pending.clear();
            if (ticks != null) {
                ticks.cancel(false);
            }
        }
        if (session != null) {
            session.shutdown();
        }
    }

    private void attempt(long gen) {
        long wait = gate.tryAcquire();
        Session session;
        synchronized (lock) {
            if (closed || gen != generation || current != null) {
                return;
            }
            if (wait > 0) {
                scheduler.schedule(() -> attempt(gen), wait, TimeUnit.NANOSECONDS);
                return;
            }
            session = new Session(planUrl());
            current = session;
        }
        context.runOnContext(ignored -> client.connect(connectOptions(session.urlStreams)).onComplete(result -> {
            if (result.succeeded()) {
                session.opened(result.result());
            } else {
                rejected(result.cause());
                session.lost("connection failed: " + StreamConnection.describe(result.cause()));
            }
        }));
    }

    /** A new connection: the first wanted streams go in its URL, the others are subscribed once it is open. */
    private List<String> planUrl() {
        sent.clear();
        toSubscribe.clear();
        alone.clear();
        toUnsubscribe.clear();
        leaving.clear();
        answeredAt.clear();
        pending.clear();
        routesChanged();
        List<String> url = new ArrayList<>();
        int chars = 0;
        for (String stream : wanted.keySet()) {
            int more = encode(stream).length() + (url.isEmpty() ? 0 : 1);
            if (toSubscribe.isEmpty() && chars + more <= combined.maxUrlChars()) {
                url.add(stream);
                sent.add(stream);
                chars += more;
            } else {
                toSubscribe.add(stream);
            }
        }
        return url;
    }

    private WebSocketConnectOptions connectOptions(List<String> streams) {
        boolean tls = "wss".equalsIgnoreCase(baseUri.getScheme());
        int port = baseUri.getPort() > 0 ? baseUri.getPort() : tls ? 443 : 80;
        String base = baseUri.getRawPath() == null ? "" : baseUri.getRawPath().replaceAll("/+$", "");
        StringBuilder path = new StringBuilder(base).append("/stream");
        for (int i = 0; i < streams.size(); i++) {
            path.append(i == 0 ? "?streams=" : "/").append(encode(streams.get(i)));
        }
        long timeout = settings.connectTimeout().toMillis();
        return new WebSocketConnectOptions().setHost(baseUri.getHost()).setPort(port).setSsl(tls)
                .setURI(path.toString()).setConnectTimeout(timeout).setTimeout(timeout);
    }

    /** Percent-encodes a name's non-ASCII characters as UTF-8 (Binance lists symbols with such characters). */
    static String encode(String stream) {
        StringBuilder out = new StringBuilder(stream.length());
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return out.toString();
    }

    /** A name that would break the URL or the JSON of a request is refused before anything is sent. */
    private static void checkName(String stream) {
        boolean ok = !stream.isEmpty();
        for (int i = 0; ok && i < stream.length(); i++) {
            char c = stream.charAt(i);
            ok = c > ' ' && c != '"' && c != '\\' && c != '/' && c != '?' && c != '&' && c != '%' && c != '#'
                    && c != 0x7F;
        }
        if (!ok) {
            throw new IllegalArgumentException("not a stream name: \"" + stream + "\"");
        }
    }

    /** Publishes the routing tables after a change of the streams; under the lock. */
    private void routesChanged() {
        tables = new Tables(new StreamTable<>(wanted), new StreamTable<>(leaving));
    }

    private Session currentSession() {
        synchronized (lock) {
            return closed ? null : current;
        }
    }

    /**
     * The pacing tick, on the scheduler every {@code 1/messagesPerSecond}: checks the answers and the pong due, then
     * sends at most one message — a ping when one is due, else the next UNSUBSCRIBE or SUBSCRIBE batch.
     */
    private void tick() {
        try {
            forgetLeft(System.nanoTime());
            Session s = currentSession();
            if (s == null || s.socket == null) {
                return;
            }
            long now = System.nanoTime();
            if (answersOverdue(s, now) || s.pongOverdue(now)) {
                return;
            }
            if (!s.window.tryStart(now)) {
                return;
            }
            if (!s.pingIfDue(now) && !sendNextRequest(s, now)) {
                s.window.cancel(); // nothing to send
            }
        } catch (RuntimeException e) {
            LOG.warn("Connection {}: tick failed", name, e); // the next tick tries again
        }
    }

    /**
     * Stops counting as leaving the streams whose UNSUBSCRIBE was answered more than the grace ago, the time the socket
     * was not read not counted (a late frame waits in it meanwhile).
     */
    private void forgetLeft(long now) {
        Session s = currentSession();
        if (s != null && s.paused()) {
            return;
        }
        long resumed = s == null ? -1 : s.resumedAtNanos(); // -1: never resumed
        synchronized (lock) {
            boolean changed = false;
            for (Iterator<Map.Entry<String, Long>> it = answeredAt.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> left = it.next();
                long from = resumed != -1 && resumed - left.getValue() > 0 ? resumed : left.getValue();
                if (now - from >= LEFT_GRACE_NANOS) {
                    it.remove();
                    leaving.remove(left.getKey());
                    changed = true;
                }
            }
            if (changed) {
                routesChanged();
            }
        }
    }

    /** Sends the next UNSUBSCRIBE or SUBSCRIBE batch, if any; true when it did. */
    private boolean sendNextRequest(Session s, long now) {
        String text;
        synchronized (lock) {
            if (current != s) {
                return false;
            }
            boolean unsubscribing = !toUnsubscribe.isEmpty();
            Set<String> from = unsubscribing ? toUnsubscribe : alone.isEmpty() ? toSubscribe : alone;
            if (from.isEmpty()) {
                return false;
            }
            List<String> names = take(from, from == alone ? 1 : combined.subscribeBatch());
            long id = ++nextId;
            List<Route> carried = new ArrayList<>(names.size());
            if (unsubscribing) {
                sent.removeAll(names);
            } else {
                sent.addAll(names);
                names.forEach(n -> carried.add(wanted.get(n)));
            }
            pending.put(id, new Request(id, unsubscribing ? "UNSUBSCRIBE" : "SUBSCRIBE", names, carried,
                    now + combined.answerTimeout().toNanos()));
            text = requestJson(unsubscribing ? "UNSUBSCRIBE" : "SUBSCRIBE", names, id);
        }
        s.send(text);
        return true;
    }

    private static List<String> take(Set<String> from, int max) {
        List<String> names = new ArrayList<>(Math.min(max, from.size()));
        Iterator<String> it = from.iterator();
        while (it.hasNext() && names.size() < max) {
            names.add(it.next());
            it.remove();
        }
        return names;
    }

    static String requestJson(String method, List<String> names, long id) {
        StringBuilder json = new StringBuilder(32 + names.size() * 24).append("{\"method\":\"").append(method)
                .append("\",\"params\":[");
        for (int i = 0; i < names.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(names.get(i)).append('"');
        }
        return json.append("],\"id\":").append(id).append('}').toString();
    }

    /** Fails the requests not answered in time and drops the connection; true when it did. */
    private boolean answersOverdue(Session s, long now) {
        if (s.paused()) {
            return false; // an answer cannot arrive while the connection is not read
        }
        long resumed = s.resumedAtNanos();
        long timeout = combined.answerTimeout().toNanos();
        List<Request> late = new ArrayList<>();
        synchronized (lock) {
            if (current != s) {
                return false;
            }
            pending.values().removeIf(r -> r.deadlineNanos - now < 0 && (resumed < 0 || resumed + timeout - now < 0)
                    && late.add(r));
        }
        if (late.isEmpty()) {
            return false;
        }
        String cause = "no answer to " + late.get(0).method + " id " + late.get(0).id + " within "
                + combined.answerTimeout().toMillis() + " ms";
        for (Request r : late) {
            LOG.warn("Connection {}: no answer to {} id {} for {} within {} ms", name, r.method, r.id, r.names,
                    combined.answerTimeout().toMillis());
            failStillWanted(r, cause);
        }
        s.lost(cause);
        return true;
    }

    /** Whether an UNSUBSCRIBE of {@code stream} waits for its answer; under the lock. */
    private boolean unsubscribing(String stream) {
        for (Request r : pending.values()) {
            if (r.method.equals("UNSUBSCRIBE") && r.names.contains(stream)) {
                return true;
            }
        }
        return false;
    }

    /** Tells the streams of a failed SUBSCRIBE that are still carried by the same route. */
    private void failStillWanted(Request request, String cause) {
        for (Route route : request.routes) {
            boolean same;
            synchronized (lock) {
                same = wanted.get(route.stream) == route;
            }
            if (same) {
                route.listener.subscriptionFailed(route.stream, cause);
            }
        }
    }

    /** An answer to a control request; on the reader's thread. */
    private void onAnswer(long id, CharSequence answer) {
        Request request;
        synchronized (lock) {
            request = pending.remove(id);
            if (request != null && request.method.equals("UNSUBSCRIBE")) {
                long now = System.nanoTime(); // still leaving for the grace, unless asked to leave again since
                for (String left : request.names) {
                    if (leaving.containsKey(left) && !toUnsubscribe.contains(left) && !unsubscribing(left)) {
                        answeredAt.put(left, now);
                    }
                }
            }
        }
        if (request == null) {
            countUnrouted(malformed, answer, "an answer to no request sent (id " + id + ")");
            return;
        }
        boolean error = CombinedMessage.isError(answer);
        if (error) {
            String cause = "the exchange refused " + request.method + " id " + id + ": " + answer;
            LOG.warn("Connection {}: {} of {} refused: {}", name, request.method, request.names, answer);
            if (request.method.equals("SUBSCRIBE")) {
                refused(request, cause);
            }
            return;
        }
        for (Route route : request.routes) {
            boolean same;
            synchronized (lock) {
                same = wanted.get(route.stream) == route;
            }
            if (same) {
                route.confirmed();
                route.listener.subscribed(route.stream);
            }
        }
    }

    /**
     * A SUBSCRIBE the exchange refused. The exchange refuses a whole request for one bad name, so the streams of a
     * request of several are asked for again one per request, and only a stream refused alone fails: it is dropped
     * (asking again would be refused again) and its listener told.
     */
    private void refused(Request request, String cause) {
        List<Route> dropped = new ArrayList<>();
        synchronized (lock) {
            for (Route route : request.routes) {
                if (wanted.get(route.stream) != route) {
                    continue;
                }
                sent.remove(route.stream);
                if (request.routes.size() > 1) {
                    toSubscribe.remove(route.stream);
                    alone.add(route.stream);
                } else {
                    wanted.remove(route.stream);
                    alone.remove(route.stream);
                    dropped.add(route);
                }
            }
            routesChanged();
        }
        if (request.routes.size() > 1) {
            LOG.info("Connection {}: asking for the {} streams of the refused SUBSCRIBE id {} one by one", name,
                    request.routes.size(), request.id);
        }
        dropped.forEach(route -> route.listener.subscriptionFailed(route.stream, cause));
    }

    /** Counts a message that reaches no stream, hands it to the sink and logs, at most every 10 s. */
    private void countUnrouted(AtomicLong counter, CharSequence message, String reason) {
        long count = counter.incrementAndGet();
        try {
            unrouted.unrouted(message, reason);
        } catch (RuntimeException e) {
            LOG.warn("Connection {}: the sink of unrouted messages failed", name, e);
        }
        long now = System.nanoTime();
        if (now - lastUnroutedLogNanos >= LOG_EVERY_NANOS) {
            lastUnroutedLogNanos = now;
            LOG.warn("Connection {}: {} (malformed so far: {}, of unknown streams: {}): {}", name, reason,
                    malformed.get(), unknownStream.get(), abbreviate(message));
        }
    }

    private static String abbreviate(CharSequence message) {
        return message.length() <= 200 ? message.toString() : message.subSequence(0, 200) + "…";
    }

    /** Passes an HTTP refusal of the upgrade (429/418 with Retry-After) to the gate. */
    private void rejected(Throwable error) {
        if (error instanceof UpgradeRejectedException refused) {
            String retryAfter = refused.getHeaders() == null ? null : refused.getHeaders().get("Retry-After");
            gate.onRejected(refused.getStatus(), Optional.ofNullable(retryAfter));
        }
    }

    /**
     * Schedules the next attempt after a loss: with backoff, then at the cool-down cadence once
     * {@code binance.reconnect.max-attempts} have failed.
     *
     * @return the cause the streams show as FAILED once the attempts are used up; null before (or when closed)
     */
    private String scheduleAfterLoss(String cause) {
        long gen;
        long delay;
        boolean failed;
        synchronized (lock) {
            if (closed || current != null) {
                return null;
            }
            gen = generation;
            int attempt = ++failures;
            failed = attempt > settings.maxReconnectAttempts();
            delay = failed ? settings.coolDown().toMillis() : backoff.apply(attempt);
            LOG.warn("Connection {}: {}; {} streams; reconnecting in {} ms (attempt {})", name, cause, wanted.size(),
                    delay, attempt);
        }
        scheduler.schedule(() -> attempt(gen), delay, TimeUnit.MILLISECONDS);
        return failed ? settings.attemptsUsedUp(cause) : null;
    }

    /**
     * A stream carried: its name, handler and listener. The handler and listener change only when a rotation puts a
     * hand-over in front of them and takes it away again ({@link #replace}); the Route itself stays, so requests in
     * flight still recognise it.
     */
    static final class Route {
        private final String stream;
        private volatile StreamConnection.FrameHandler handler;
        private volatile StreamListener listener;
        /** When the exchange last confirmed the subscription, and when its last data frame came since; -1: not yet. */
        private volatile long confirmedAtNanos = -1;
        private volatile long lastFrameNanos = -1;

        Route(String stream, StreamConnection.FrameHandler handler, StreamListener listener) {
            this.stream = stream;
            this.handler = handler;
            this.listener = listener;
        }

        String stream() {
            return stream;
        }

        StreamConnection.FrameHandler handler() {
            return handler;
        }

        StreamListener listener() {
            return listener;
        }

        long confirmedAtNanos() {
            return confirmedAtNanos;
        }

        long lastFrameNanos() {
            return lastFrameNanos;
        }

        void confirmed() {
            lastFrameNanos = -1;
            confirmedAtNanos = System.nanoTime();
        }

        void unconfirmed() {
            confirmedAtNanos = -1;
            lastFrameNanos = -1;
        }
    }

    /** The streams carried, and those leaving, by name. */
    private record Tables(StreamTable<Route> routes, StreamTable<Route> leaving) {
    }

    /** A control request sent and not answered yet; {@code routes} are a SUBSCRIBE's. */
    private record Request(long id, String method, List<String> names, List<Route> routes, long deadlineNanos) {
    }

    /** One connection attempt; callbacks of an attempt that is no longer current are ignored. */
    private final class Session implements MessageReader.Listener {
        private final List<String> urlStreams;
        private final MessageReader reader = new MessageReader(clock, this);
        /** What this connection sends, counted when written: within the budget however busy the event loop is. */
        private final SendWindow window = new SendWindow((int) combined.messagesPerSecond(),
                TimeUnit.MILLISECONDS.toNanos(1_100));
        private volatile WebSocket socket;
        private volatile long lastFrameNanos = -1;
        private volatile long openedAtNanos = -1;
        /** When the outstanding client ping was sent (or its wait restarted), -1 when none is outstanding. */
        private final AtomicLong pingSentNanos = new AtomicLong(-1);
        private volatile long expectedPong;
        /** When the last ping was answered (or the connection opened): the next is due a ping interval later. */
        private volatile long lastPingNanos;
        /** Scheduler only. */
        private long pingsSent;
        /** Set once this connection is lost or closed: what it still delivers is ignored. */
        private volatile boolean retired;

        Session(List<String> urlStreams) {
            this.urlStreams = urlStreams;
        }

        boolean paused() {
            return reader.paused();
        }

        long resumedAtNanos() {
            return reader.resumedAtNanos();
        }

        /**
         * The handshake succeeded. Runs within it (the attempt connected from {@link #context}), before any frame of
         * the connection is read: Vert.x has resumed the socket already, and a frame that found no handler would be
         * dropped.
         */
        void opened(WebSocket webSocket) {
            lastPingNanos = System.nanoTime();
            openedAtNanos = lastPingNanos;
            webSocket.frameHandler(this::onFrame);
            webSocket.pongHandler(this::onPong);
            webSocket.exceptionHandler(error -> {
                if (!(error instanceof HttpClosedException)) { // a close without a close frame: the close handler says
                    lost(StreamConnection.describe(error));
                }
            });
            webSocket.closeHandler(ignored -> {
                lost(StreamConnection.closeCause(webSocket));
            });
            reader.attach(webSocket);
            socket = webSocket;
            List<Route> confirmed = new ArrayList<>(urlStreams.size());
            synchronized (lock) {
                if (closed || current != this) {
                    close(webSocket, (short) 1000, "connection closed");
                    return;
                }
                if (failures > settings.maxReconnectAttempts()) {
                    LOG.info("Connection {}: connected again after the cool-down", name);
                }
                failures = 0;
                for (String stream : urlStreams) {
                    Route route = wanted.get(stream);
                    if (route != null) {
                        confirmed.add(route);
                    }
                }
            }
            connections.incrementAndGet();
            LOG.info("Connection {}: open with {} streams in the URL", name, urlStreams.size());
            confirmed.forEach(route -> {
                route.confirmed();
                route.listener.subscribed(route.stream);
            });
            webSocket.resume();
        }

        void send(String message) {
            try {
                socket.writeTextMessage(message).onComplete(result -> {
                    window.written(System.nanoTime());
                    if (result.failed()) {
                        LOG.debug("Connection {}: not sent: {}", name, StreamConnection.describe(result.cause()));
                    }
                });
            } catch (RuntimeException e) {
                window.written(System.nanoTime());
                LOG.debug("Connection {}: not sent: {}", name, StreamConnection.describe(e));
            }
        }

        /** Sends a ping when the last one was answered {@code pingInterval} ago or more; true when it did. */
        boolean pingIfDue(long now) {
            if (pingSentNanos.get() >= 0 || now - lastPingNanos < combined.pingInterval().toNanos()) {
                return false;
            }
            long payload = ++pingsSent;
            expectedPong = payload;
            lastPingNanos = now;
            pingSentNanos.set(now);
            try {
                socket.writePing(Buffer.buffer(Long.BYTES).appendLong(payload)).onComplete(result -> {
                    window.written(System.nanoTime());
                    if (result.failed()) {
                        LOG.debug("Connection {}: ping not sent: {}", name,
                                StreamConnection.describe(result.cause()));
                    }
                });
            } catch (RuntimeException e) {
                window.written(System.nanoTime());
                LOG.debug("Connection {}: ping not sent: {}", name, StreamConnection.describe(e));
            }
            return true;
        }

        /**
         * Drops the connection when its ping has waited too long for the pong; true when it did. While the connection
         * is not read its pong cannot arrive, and a pong queued behind a backlog arrives late: each frame read and a
         * resume restart the wait, as on a raw connection.
         */
        boolean pongOverdue(long now) {
            long sent = pingSentNanos.get();
            if (sent < 0) {
                return false;
            }
            if (paused()) {
                pingSentNanos.compareAndSet(sent, now);
                return false;
            }
            long waited = now - Math.max(sent, Math.max(reader.resumedAtNanos(), lastFrameNanos));
            if (waited <= combined.pongTimeout().toNanos()) {
                return false;
            }
            lost("no pong within " + combined.pongTimeout().toMillis() + " ms");
            return true;
        }

        private void onPong(Buffer message) {
            if (message.length() == Long.BYTES && message.getLong(0) == expectedPong) {
                pingSentNanos.set(-1);
                lastPingNanos = System.nanoTime();
            }
        }

        /** Every frame, on the socket's event loop, in order. */
        private void onFrame(WebSocketFrame frame) {
            if (!retired) {
                reader.onFrame(frame);
            }
            // pings are answered by Vert.x; binary messages carry nothing of Binance's; pongs and close have handlers
        }

        @Override
        public boolean onMessage(CharBuffer message, long receiveTimeMicros) {
            return route(message, receiveTimeMicros);
        }

        @Override
        public void onBroken(String cause) {
            LOG.warn("Connection {}: the exchange sent {}; dropping the connection", name, cause);
            lost(cause);
        }

        /** Hands a message to its stream, or to the answers, or reports it; returns whether to read on now. */
        private boolean route(CharBuffer message, long receiveTime) {
            int data = CombinedMessage.dataStart(message);
            if (data < 0) {
                long id = CombinedMessage.answerId(message);
                if (id >= 0) {
                    onAnswer(id, message);
                } else {
                    countUnrouted(malformed, message, id == CombinedMessage.NULL_ID
                            ? "an error answer to a request the exchange could not read"
                            : "a message of neither the data nor the answer shape");
                }
                return true;
            }
            int from = CombinedMessage.STREAM_PREFIX.length();
            int to = CombinedMessage.nameEnd(data);
            Tables now = tables;
            Route target = now.routes.find(message, from, to);
            if (target == null) {
                return unknown(now, message, from, to);
            }
            lastFrameNanos = System.nanoTime();
            target.lastFrameNanos = lastFrameNanos;
            message.limit(message.limit() - 1).position(data); // the data value: no copy
            return deliver(target, message, receiveTime);
        }

        private boolean unknown(Tables now, CharBuffer message, int from, int to) {
            if (now.leaving.find(message, from, to) != null) {
                afterUnsubscribe.incrementAndGet(); // in flight before the exchange took the UNSUBSCRIBE
            } else if (CharSequenceRegion.equals(message, from, to, CombinedMessage.SERVER_SHUTDOWN)) {
                Runnable action = shutdownNotice;
                if (action != null) {
                    LOG.info("Connection {}: the exchange announced maintenance; rotating", name);
                    action.run();
                } else {
                    LOG.info("Connection {}: the exchange announced maintenance; reconnecting", name);
                    lost("server shutdown notice");
                }
            } else {
                countUnrouted(unknownStream, message, "data of a stream not carried");
            }
            return true;
        }

        private boolean deliver(Route target, CharSequence data, long receiveTime) {
            delivery.lock();
            try {
                synchronized (lock) {
                    if (closed || current != this) {
                        return false;
                    }
                    if (wanted.get(target.stream) != target) { // unsubscribed since the reader looked it up
                        afterUnsubscribe.incrementAndGet();
                        return true;
                    }
                }
                return target.handler.onFrame(data, receiveTime, reader.resume());
            } finally {
                delivery.unlock();
            }
        }

        /** The connection is lost: every stream is told, and a reconnect follows with backoff. */
        void lost(String cause) {
            List<Route> carried;
            synchronized (lock) {
                if (closed || current != this) {
                    return;
                }
                current = null;
                pending.clear();
                carried = new ArrayList<>(wanted.values());
            }
            retired = true;
            WebSocket ws = socket;
            if (ws != null) {
                close(ws, (short) 1001, "going away");
            }
            carried.forEach(Route::unconfirmed);
            String failed = scheduleAfterLoss(cause);
            for (Route route : carried) {
                if (failed == null) {
                    route.listener.lost(route.stream, cause);
                } else {
                    route.listener.failed(route.stream, failed);
                }
            }
        }

        void shutdown() {
            retired = true;
            WebSocket ws = socket;
            if (ws != null) {
                close(ws, (short) 1000, "connection closed");
            }
        }
    }

    private void close(WebSocket webSocket, short code, String reason) {
        StreamConnection.close(webSocket, code, reason, "Connection " + name);
    }

    /** Compares a region of received text with a name, without making a String. */
    private static final class CharSequenceRegion {
        static boolean equals(CharSequence text, int from, int to, String name) {
            if (to - from != name.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (text.charAt(from + i) != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
