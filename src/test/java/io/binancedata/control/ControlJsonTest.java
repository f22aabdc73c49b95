package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binancedata.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

class ControlJsonTest {
    private static final Set<String> FIELDS = Set.of("kind", "symbols", "intervals");

    private static ObjectNode read(String body) {
        return ControlJson.object(body, "request body", FIELDS);
    }

    private static void refused(String body, String message) {
        assertThatThrownBy(() -> {
            ObjectNode o = read(body);
            ControlJson.text(o, "kind", true);
            ControlJson.texts(o, "symbols");
            ControlJson.texts(o, "intervals");
        }).as(body).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    @Test
    void shouldReadAnObjectOfStringsAndStringArrays() {
        ObjectNode o = read("{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1m\",\"1h\"]} \n");
        assertThat(ControlJson.text(o, "kind", true)).isEqualTo("kline");
        assertThat(ControlJson.texts(o, "symbols")).containsExactly("BTCUSDT");
        assertThat(ControlJson.texts(o, "intervals")).containsExactly("1m", "1h");
        assertThat(ControlJson.texts(read("{}"), "intervals")).isNull();
    }

    @Test
    void shouldRefuseNullsNamingTheField() {
        refused("{\"kind\":\"trade\",\"symbols\":[null]}", "Field 'symbols[0]' must be a string, not null");
        refused("{\"kind\":\"kline\",\"symbols\":[\"BTCUSDT\"],\"intervals\":[\"1m\",null]}",
                "Field 'intervals[1]' must be a string, not null");
        refused("{\"kind\":null,\"symbols\":[\"BTCUSDT\"]}", "Field 'kind' must be a string, not null");
        refused("{\"kind\":\"trade\",\"symbols\":null}", "Field 'symbols' must be an array of strings, not null");
        refused("{\"kind\":\"trade\",\"symbols\":[1]}", "Field 'symbols[0]' must be a string, not a number");
        refused("{\"kind\":\"trade\",\"symbols\":\"BTCUSDT\"}",
                "Field 'symbols' must be an array of strings, not another type");
        refused("{\"symbols\":[\"BTCUSDT\"]}", "Missing field 'kind'");
    }

    @Test
    void shouldRefuseTrailingDataDuplicatesAndUnknownFields() {
        refused("{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]} x", "Unreadable request body: data after the JSON object");
        refused("{\"kind\":\"trade\",\"symbols\":[\"ETHUSDT\"]}{}", "Unreadable request body: data after the JSON object");
        refused("{\"kind\":\"trade\",\"kind\":\"kline\",\"symbols\":[\"ETHUSDT\"]}",
                "Unreadable request body: field 'kind' given twice at line 1, column 23");
        refused("{\"kind\":\"trade\",\"symbol\":[\"ETHUSDT\"]}",
                "Unknown field 'symbol' in the request body: expected intervals, kind, symbols");
        refused("{\"" + "k".repeat(30_000) + "\":1}", "Unknown field '" + "k".repeat(64)
                + "…' in the request body: expected intervals, kind, symbols");
        refused("not json", "Unreadable request body: malformed JSON at line 1, column 4");
        refused("[\"BTCUSDT\"]", "Unreadable request body: expected a JSON object");
        refused("", "Unreadable request body: empty, expected a JSON object");
        refused(null, "Unreadable request body: empty, expected a JSON object");
    }
}
