package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a hot standby keeps of a stream it does not run, and how a route that starts the stream takes it over. */
class StandbyStreamTest {
    private static final String STREAM = "btcusdt@trade";
    private static final long SECOND = 1_000_000;

    /** Frames and events as a route's handler and listener receive them. */
    private static final class Route implements StreamConnection.FrameHandler, CombinedConnection.StreamListener {
        final List<String> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<Runnable> resumes = new ArrayList<>();

        @Override
        public boolean onFrame(CharSequence frame, long receiveTimeMicros, Runnable resume) {
            frames.add(frame.toString());
            times.add(receiveTimeMicros);
            resumes.add(resume);
            return frames.size() % 2 == 0;
        }

        @Override
        public void subscribed(String stream) {
            events.add("subscribed " + stream);
        }

        @Override
        public void subscriptionFailed(String stream, String cause) {
            events.add("refused " + stream + ": " + cause);
        }

        @Override
        public void lost(String stream, String cause) {
            events.add("lost " + stream + ": " + cause);
        }

        @Override
        public void failed(String stream, String cause) {
            events.add("failed " + stream + ": " + cause);
        }

        @Override
        public void rotated(String stream) {
            events.add("rotated " + stream);
        }
    }

    private static String frame(int id) {
        return "{\"e\":\"trade\",\"t\":" + id + ",\"p\":\"61837.63\",\"s\":\"币安人生USDT\"}";
    }

    @Test
    void shouldHandTheFramesKeptToTheRouteInOrderThenEveryLaterFrame() {
        StandbyStream standby = new StandbyStream(STREAM, 60 * SECOND, 1000);
        for (int id = 1; id <= 600; id++) {
            assertThat(standby.onFrame(frame(id), id * 1000L, null)).as("a standby never pauses the connection")
                    .isTrue();
        }
        assertThat(standby.kept()).isEqualTo(600);
        Route route = new Route();
        standby.adopt(route, route);
        assertThat(standby.adopted()).isTrue();
        assertThat(standby.kept()).isZero();
        assertThat(route.frames).hasSize(600);
        for (int id = 1; id <= 600; id++) {
            assertThat(route.frames.get(id - 1)).isEqualTo(frame(id));
            assertThat(route.times.get(id - 1)).isEqualTo(id * 1000L);
        }
        assertThat(route.resumes).as("the frames kept are handed over without back-pressure").containsOnlyNulls();

        Runnable resume = () -> { };
        assertThat(standby.onFrame(frame(601), 601_000, resume)).as("the route's answer").isFalse();
        assertThat(standby.onFrame(frame(602), 602_000, resume)).isTrue();
        assertThat(route.frames.subList(600, 602)).containsExactly(frame(601), frame(602));
        assertThat(route.resumes.get(601)).isSameAs(resume);
        assertThat(standby.kept()).as("nothing kept while a route runs the stream").isZero();
        assertThatThrownBy(() -> standby.adopt(new Route(), new Route())).isInstanceOf(IllegalStateException.class)
                .hasMessage("stream btcusdt@trade is run by a route already");
    }

    @Test
    void shouldDropTheSegmentsOlderThanTheRetentionAndBeyondTheMostFrames() {
        StandbyStream standby = new StandbyStream(STREAM, 10 * SECOND, 100_000);
        int perSegment = StandbyStream.SEGMENT_FRAMES;
        for (int i = 0; i < 3 * perSegment; i++) { // three segments, all received at 0 s
            standby.onFrame(frame(i), 0, null);
        }
        standby.onFrame(frame(3 * perSegment), 10 * SECOND, null);
        assertThat(standby.kept()).as("10 s later: the oldest frames are just within the retention")
                .isEqualTo(3 * perSegment + 1);
        standby.onFrame(frame(3 * perSegment + 1), 10 * SECOND + 1, null);
        assertThat(standby.kept()).as("older than the retention: the three segments dropped").isEqualTo(2);
        Route route = new Route();
        standby.adopt(route, route);
        assertThat(route.frames).containsExactly(frame(3 * perSegment), frame(3 * perSegment + 1));

        StandbyStream bounded = new StandbyStream(STREAM, 60 * SECOND, 2 * perSegment);
        for (int i = 0; i < 2 * perSegment; i++) {
            bounded.onFrame(frame(i), i, null);
        }
        assertThat(bounded.kept()).isEqualTo(2 * perSegment);
        bounded.onFrame(frame(2 * perSegment), 2 * perSegment, null);
        assertThat(bounded.kept()).as("one frame beyond the most: the oldest segment dropped")
                .isEqualTo(perSegment + 1);
        Route second = new Route();
        bounded.adopt(second, second);
        assertThat(second.frames.get(0)).isEqualTo(frame(perSegment));
        assertThat(second.frames).hasSize(perSegment + 1);
    }

    /** A take-over (fence, read, the start of many routes) may outlast the retention: its streams' frames are held. */
    @Test
    void shouldKeepTheFramesOfAStreamBeingTakenOverWhateverTheirAgeUpToTheMostFrames() {
        int perSegment = StandbyStream.SEGMENT_FRAMES;
        StandbyStream taken = new StandbyStream(STREAM, 10 * SECOND, 4 * perSegment);
        for (int i = 0; i < perSegment; i++) {
            taken.onFrame(frame(i), 0, null);
        }
        taken.hold(true);
        taken.onFrame(frame(perSegment), 60 * SECOND, null);
        assertThat(taken.kept()).as("held: nothing dropped for its age").isEqualTo(perSegment + 1);
        Route route = new Route();
        taken.adopt(route, route);
        assertThat(route.frames).hasSize(perSegment + 1);
        assertThat(route.frames.get(0)).isEqualTo(frame(0));
        taken.release();
        for (int i = 0; i < perSegment; i++) {
            taken.onFrame(frame(perSegment + 1 + i), 60 * SECOND, null);
        }
        taken.onFrame(frame(2 * perSegment + 1), 200 * SECOND, null);
        assertThat(taken.kept()).as("a route of the take-over stopped (rolled back), the take-over still under way: "
                + "still held").isEqualTo(perSegment + 1);
        assertThat(taken.held()).isTrue();
        taken.hold(false); // the take-over is over
        taken.onFrame(frame(2 * perSegment + 2), 200 * SECOND + 1, null);
        assertThat(taken.kept()).as("the hold ended: a segment dropped for its age").isEqualTo(2);

        StandbyStream failed = new StandbyStream(STREAM, 10 * SECOND, 4 * perSegment);
        for (int i = 0; i < perSegment; i++) {
            failed.onFrame(frame(i), 0, null);
        }
        failed.hold(true);
        failed.onFrame(frame(perSegment), 60 * SECOND, null);
        failed.hold(false);
        failed.onFrame(frame(perSegment + 1), 60 * SECOND + 1, null);
        assertThat(failed.kept()).as("a take-over that failed: dropped by age again").isEqualTo(2);

        StandbyStream bounded = new StandbyStream(STREAM, 10 * SECOND, 2 * perSegment);
        bounded.hold(true);
        for (int i = 0; i < 2 * perSegment; i++) {
            bounded.onFrame(frame(i), 0, null);
        }
        bounded.onFrame(frame(2 * perSegment), 60 * SECOND, null);
        assertThat(bounded.kept()).as("held, but never beyond the most frames").isEqualTo(perSegment + 1);
    }

    @Test
    void shouldTellTheRouteWhatTheConnectionLastSaidAndForwardEveryLaterEvent() {
        StandbyStream confirmed = new StandbyStream(STREAM, 60 * SECOND, 1000);
        confirmed.lost(STREAM, "reset");
        confirmed.subscribed(STREAM);
        assertThat(confirmed.confirmed()).isTrue();
        Route route = new Route();
        confirmed.adopt(route, route);
        assertThat(route.events).as("confirmed before the route started").containsExactly("subscribed btcusdt@trade");
        confirmed.lost(STREAM, "reset");
        confirmed.subscribed(STREAM);
        confirmed.rotated(STREAM);
        assertThat(route.events).containsExactly("subscribed btcusdt@trade", "lost btcusdt@trade: reset",
                "subscribed btcusdt@trade", "rotated btcusdt@trade");

        StandbyStream reconnecting = new StandbyStream(STREAM, 60 * SECOND, 1000);
        reconnecting.subscribed(STREAM);
        reconnecting.lost(STREAM, "reset");
        assertThat(reconnecting.confirmed()).isFalse();
        Route waiting = new Route();
        reconnecting.adopt(waiting, waiting);
        assertThat(waiting.events).as("a reconnect under way: its confirmation follows").isEmpty();

        StandbyStream failed = new StandbyStream(STREAM, 60 * SECOND, 1000);
        failed.failed(STREAM, "no connection after 10 attempts");
        Route told = new Route();
        failed.adopt(told, told);
        assertThat(told.events).containsExactly("failed btcusdt@trade: no connection after 10 attempts");

        StandbyStream refused = new StandbyStream(STREAM, 60 * SECOND, 1000);
        refused.subscriptionFailed(STREAM, "Invalid request: invalid stream");
        Route refusedRoute = new Route();
        refused.adopt(refusedRoute, refusedRoute);
        assertThat(refusedRoute.events).containsExactly("refused btcusdt@trade: Invalid request: invalid stream");
    }

    @Test
    void shouldKeepFramesAgainOnceTheRouteStopped() {
        StandbyStream standby = new StandbyStream(STREAM, 60 * SECOND, 1000);
        Route first = new Route();
        standby.adopt(first, first);
        standby.onFrame(frame(1), 1, null);
        standby.release();
        assertThat(standby.adopted()).isFalse();
        standby.onFrame(frame(2), 2, null);
        standby.subscribed(STREAM);
        assertThat(first.frames).as("nothing reaches a route that stopped").containsExactly(frame(1));
        assertThat(first.events).isEmpty();
        assertThat(standby.kept()).isEqualTo(1);
        Route next = new Route();
        standby.adopt(next, next);
        assertThat(next.frames).containsExactly(frame(2));
        assertThat(next.events).containsExactly("subscribed btcusdt@trade");
    }

    @Test
    void shouldRefuseSettingsThatKeepNothing() {
        assertThatThrownBy(() -> new StandbyStream(STREAM, 0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StandbyStream(STREAM, SECOND, StandbyStream.SEGMENT_FRAMES - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
