package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.binancedata.api.BinanceDataException;
import io.binancedata.api.ExchangeUnavailableException;
import io.binancedata.api.GroupLedElsewhereException;
import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.StreamNotActiveException;
import org.junit.jupiter.api.Test;

class ErrorReplyTest {
    @Test
    void shouldShowTheCallersErrorsWithTheirMessages() {
        assertThat(ErrorReply.of(new StreamNotActiveException(List.of("trade-btcusdt\u0000"))).json()).isEqualTo(
                "{\"status\":404,\"error\":\"StreamNotActiveException\",\"message\":\"Stream(s) not active: trade-btcusdt\\\\u0000\"}");
        assertThat(ErrorReply.of(new GroupLedElsewhereException(List.of("trade-btcusdt"), "Not started: …")))
                .isEqualTo(new ErrorReply(409, "GroupLedElsewhereException", "Not started: …"));
        assertThat(ErrorReply.of(new InvalidRequestException("Missing field 'kind'")))
                .isEqualTo(new ErrorReply(400, "InvalidRequestException", "Missing field 'kind'"));
    }

    @Test
    void shouldNeverShowTheServersOwnFailures() {
        assertThat(ErrorReply.of(new NullPointerException("Cannot invoke \"String.trim()\" because \"interval\" is null")))
                .isEqualTo(new ErrorReply(500, "InternalError", ErrorReply.INTERNAL_MESSAGE));
        assertThat(ErrorReply.of(new BinanceDataException("Could not start streams [trade-x]: "
                + "org.apache.camel.FailedToCreateRouteException: ...", new IllegalStateException())))
                .isEqualTo(new ErrorReply(500, "InternalError", ErrorReply.INTERNAL_MESSAGE));
        ErrorReply exchange = ErrorReply.of(new ExchangeUnavailableException(
                "GET http://x/api/v3/exchangeInfo failed: java.net.ConnectException"));
        assertThat(exchange.status()).isEqualTo(503);
        assertThat(exchange.message()).doesNotContain("java.");
        assertThat(ErrorReply.of(null)).isEqualTo(new ErrorReply(500, "InternalError", ErrorReply.INTERNAL_MESSAGE));
    }
}
