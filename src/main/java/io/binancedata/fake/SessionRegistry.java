package io.binancedata.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The open connections and the most recent closed ones (bounded, so a long simulation does not grow). */
final class SessionRegistry {
    private static final int CLOSED_KEPT = 64;

    private final Map<Long, WebSocketSession> open = new LinkedHashMap<>();
    private final Deque<WebSocketSession> closed = new ArrayDeque<>();

    synchronized void opened(WebSocketSession session) {
        open.put(session.id(), session);
    }

    synchronized void closed(WebSocketSession session) {
        if (open.remove(session.id()) != null) {
            closed.addLast(session);
            if (closed.size() > CLOSED_KEPT) {
                closed.removeFirst();
            }
        }
    }

    /** Recent closed sessions then open ones, in id order. */
    synchronized List<WebSocketSession> all() {
        List<WebSocketSession> all = new ArrayList<>(closed);
        all.addAll(open.values());
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    synchronized List<WebSocketSession> open() {
        return new ArrayList<>(open.values());
    }
}
