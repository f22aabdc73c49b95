package io.binancedata.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.CharBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Telling data from answers on a combined connection, strictly, and finding a stream by a region of the message. */
class CombinedMessageTest {
    private static final String TRADE = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
            + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";

    @Test
    void shouldLocateTheStreamNameAndTheDataValueOfADataMessage() {
        String message = "{\"stream\":\"btcusdt@trade\",\"data\":" + TRADE + "}";
        int data = CombinedMessage.dataStart(message);

        assertThat(message.substring(CombinedMessage.STREAM_PREFIX.length(), CombinedMessage.nameEnd(data)))
                .isEqualTo("btcusdt@trade");
        assertThat(message.substring(data, message.length() - 1)).isEqualTo(TRADE);
        assertThat(CombinedMessage.answerId(message)).isEqualTo(CombinedMessage.NOT_AN_ANSWER);
    }

    @Test
    void shouldRefuseEveryOtherShapeAsData() {
        assertThat(CombinedMessage.dataStart(TRADE)).as("a raw event").isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"data\":" + TRADE + ",\"stream\":\"btcusdt@trade\"}")).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"btcusdt@trade\", \"data\":" + TRADE + "}")).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"btc\\\"usdt@trade\",\"data\":" + TRADE + "}"))
                .isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"\",\"data\":" + TRADE + "}")).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"btcusdt@trade\",\"data\":" + TRADE)).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"btcusdt@trade\",\"data\":[1]}")).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"btcusdt@trade\",\"data\":{}")).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("{\"stream\":\"btcusdt@trade\"")).isEqualTo(-1);
        assertThat(CombinedMessage.dataStart("")).isEqualTo(-1);
    }

    @Test
    void shouldReadTheIdOfResultAndErrorAnswers() {
        assertThat(CombinedMessage.answerId("{\"result\":null,\"id\":1}")).isEqualTo(1);
        assertThat(CombinedMessage.answerId("{\"result\":[\"btcusdt@trade\",\"x,\\\"id\\\":7\"],\"id\":42}"))
                .isEqualTo(42);
        String error = "{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":9223372036854775807}";
        assertThat(CombinedMessage.answerId(error)).isEqualTo(Long.MAX_VALUE);
        assertThat(CombinedMessage.isError(error)).isTrue();
        assertThat(CombinedMessage.isError("{\"result\":null,\"id\":1}")).isFalse();
        assertThat(CombinedMessage.answerId("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON\"},\"id\":null}"))
                .isEqualTo(CombinedMessage.NULL_ID);
        assertThat(CombinedMessage.answerId("{\"result\":null,\"id\":}")).isEqualTo(CombinedMessage.NOT_AN_ANSWER);
        assertThat(CombinedMessage.answerId("{\"result\":null,\"id\":-1}")).isEqualTo(CombinedMessage.NOT_AN_ANSWER);
        assertThat(CombinedMessage.answerId("{\"result\":null,\"id\":99999999999999999999}"))
                .isEqualTo(CombinedMessage.NOT_AN_ANSWER);
        assertThat(CombinedMessage.answerId("{\"result\":null}")).isEqualTo(CombinedMessage.NOT_AN_ANSWER);
        assertThat(CombinedMessage.answerId("{\"id\":1,\"result\":null}")).isEqualTo(CombinedMessage.NOT_AN_ANSWER);
    }

    @Test
    void shouldFindAStreamByARegionOfAMessageAmongMany() {
        Map<String, Integer> streams = new LinkedHashMap<>();
        for (int i = 0; i < 1_024; i++) {
            streams.put(String.format("s%04dusdt@trade", i), i);
        }
        streams.put("ΔΔusdt@trade", -1); // Binance lists symbols with non-ASCII characters
        StreamTable<Integer> table = new StreamTable<>(streams);
        CharBuffer message = CharBuffer.wrap("{\"stream\":\"s0777usdt@trade\",\"data\":{}}");

        assertThat(table.find(message, 11, 26)).isEqualTo(777);
        assertThat(table.find(message, 11, 25)).isNull();
        assertThat(table.find("xΔΔusdt@trade", 1, 13)).isEqualTo(-1);
        streams.forEach((name, value) -> assertThat(table.find(name, 0, name.length())).isEqualTo(value));
        assertThat(new StreamTable<Integer>(Map.of()).find("s0001usdt@trade", 0, 15)).isNull();
        assertThat(CombinedConnection.encode("ΔΔusdt@trade")).isEqualTo("%ce%94%ce%94usdt@trade");
        assertThat(CombinedConnection.requestJson("SUBSCRIBE", java.util.List.of("a@trade", "b@trade"), 7))
                .isEqualTo("{\"method\":\"SUBSCRIBE\",\"params\":[\"a@trade\",\"b@trade\"],\"id\":7}");
    }
}
