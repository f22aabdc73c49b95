package io.binancedata.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.sun.net.httpserver.HttpServer;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.limits.HostGate;
import io.binancedata.rest.Backfill;
import io.binancedata.rest.MarketDataClient;
import io.binancedata.rest.RestGapFiller;
import io.binancedata.rest.RestHost;
import io.binancedata.rest.RestTransport;
import io.binancedata.stream.StreamKey;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.LogCapture;
import org.junit.jupiter.api.Test;

/** The guard's failures reach the log with their cause: a gap it cannot fill. */
class SequenceGuardErrorsTest {
    private final List<String> delivered = new ArrayList<>();
    private final SequenceGuard.Delivery delivery =
            (frame, backfilled, receiveTime) -> delivered.add(frame.toString());

    private static String trade(long id) {
        return "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":" + id + ",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}";
    }

    /** A live trade as the pipeline hands it to the guard (the id its decoder read), delivered when admitted. */
    private void live(SequenceGuard guard, long id) {
        if (guard.admit(new SequenceFields().trade(id), 0, delivery) == SequenceGuard.Admission.DELIVER) {
            delivery.deliver(trade(id), false, 0);
        }
    }

    /** The real REST gap filler against an exchange whose historicalTrades answer is not JSON. */
    @Test
    void shouldLogAGapItCannotFillWithTheCauseOfTheFailure() throws Exception {
        HttpServer exchange = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exchange.createContext("/api/v3/historicalTrades", call -> {
            byte[] body = "[nonsense]".getBytes(StandardCharsets.UTF_8);
            call.getResponseHeaders().add("Content-Type", "application/json");
            call.sendResponseHeaders(200, body.length);
            call.getResponseBody().write(body);
            call.close();
        });
        exchange.start();
        URI url = URI.create("http://127.0.0.1:" + exchange.getAddress().getPort());
        try (LogCapture log = new LogCapture(SequenceGuard.class)) {
            RestHost host = new RestHost(new RestTransport(HttpClient.newHttpClient(), Duration.ofSeconds(10)), url,
                    new HostGate(url.getAuthority(), 6000, Clock.systemUTC()), Duration.ofSeconds(10));
            StreamStatus status = new StreamStatus(StreamKey.trade("BTCUSDT"));
            SequenceGuard guard = new SequenceGuard(status,
                    new RestGapFiller(new Backfill(new MarketDataClient(host)), System::currentTimeMillis, 1000));

            live(guard, 1);
            live(guard, 5);

            assertThat(delivered).containsExactly(trade(1), trade(5));
            assertThat(status.gapsUnfilled()).isEqualTo(1);
            List<LogCapture.Logged> logged = log.loggedContaining("NOT filled");
            assertThat(logged).hasSize(1);
            String request = url + "/api/v3/historicalTrades?symbol=BTCUSDT&fromId=2&limit=3";
            assertThat(logged.get(0).event()).startsWith("ERROR Stream trade-btcusdt: gap of trade ids 2 to 4 NOT "
                    + "filled: io.binancedata.rest.RestAnswerException: Unreadable response from GET " + request
                    + ": not JSON (Unrecognized token 'nonsense': was expecting ");
            assertThat(logged.get(0).thrown()).isInstanceOf(ExchangeUnavailableException.class)
                    .hasMessageStartingWith("Unreadable response from GET " + request + ": not JSON");
            assertThat(logged.get(0).rootCause()).isInstanceOf(JsonParseException.class)
                    .hasMessageStartingWith("Unrecognized token 'nonsense': was expecting ");
        } finally {
            exchange.stop(0);
        }
    }
}
