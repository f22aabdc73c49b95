package io.binancedata.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventMapperTest {
    static final String TRADE = "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
        + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
    static final String KLINE = "{\"e\":\"kline\",\"E\":1617566640068,\"s\":\"BTCUSDT\",\"k\":{\"t\":1617566580000,"
        + "\"T\":1617566639999,\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":745522651,\"L\":745523670,\"o\":\"57994.60000000\","
        + "\"c\":\"57999.99000000\",\"h\":\"58018.03000000\",\"l\":\"57974.41000000\",\"v\":\"23.06712200\",\"n\":1020,"
        + "\"x\":true,\"q\":\"1337913.58654308\",\"V\":\"11.41334700\",\"Q\":\"661954.86510045\",\"B\":\"0\"}}";

    private final ObjectMapper mapper = EventMapper.create();

    @Test
    void shouldBeConfiguredStrictly() {
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)).isTrue();
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)).isTrue();
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)).isTrue();
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).isTrue();
        assertThat(mapper.isEnabled(DeserializationFeature.ACCEPT_FLOAT_AS_INT)).isFalse();
        assertThat(mapper.isEnabled(MapperFeature.ALLOW_COERCION_OF_SCALARS)).isFalse();
        assertThat(mapper.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())).isTrue();
    }

    @Test
    void shouldReadTradeExactly() throws Exception {
        final TradeEvent trade = mapper.readValue(TRADE, TradeEvent.class);

        assertThat(trade).isEqualTo(new TradeEvent("trade", 1723161255343L, "BTCUSDT", 3735683259L,
            "61837.63000000", "0.02000000", 1723161255342L, true));
        assertThat(trade.isFinalUpdate()).isTrue();
    }

    @Test
    void shouldReadRealTradesOfBothShapes() throws Exception {
        final String with2023OrderIds = RealData.trades(RealData.BTC_TRADES_2023).get(0);
        assertThat(with2023OrderIds).contains("\"b\":20720542158,\"a\":20720542592");

        assertThat(mapper.readValue(with2023OrderIds, TradeEvent.class)).isEqualTo(new TradeEvent("trade",
            1680652800000L, "BTCUSDT", 3071245454L, "28165.47000000", "0.00056000", 1680652799999L, true));
        assertThat(mapper.readValue(RealData.trades(RealData.BTC_TRADES_2024).get(0), TradeEvent.class))
            .isEqualTo(mapper.readValue(TRADE, TradeEvent.class));
    }

    @Test
    void shouldReadKlineExactly() throws Exception {
        final KlineEvent event = mapper.readValue(KLINE, KlineEvent.class);

        assertThat(event).isEqualTo(new KlineEvent("kline", 1617566640068L, "BTCUSDT", new KlineEvent.Kline(
            1617566580000L, 1617566639999L, "BTCUSDT", "1m", 745522651L, 745523670L, "57994.60000000",
            "57999.99000000", "58018.03000000", "57974.41000000", "23.06712200", 1020, true, "1337913.58654308",
            "11.41334700", "661954.86510045")));
        assertThat(event.isFinalUpdate()).isTrue();
    }

    @Test
    void shouldReadRealOpenKlineWithoutTradesMarker() throws Exception {
        final KlineEvent event = mapper.readValue(RealData.klines(RealData.KLINES_2021).get(0), KlineEvent.class);

        assertThat(event).isEqualTo(new KlineEvent("kline", 1617566591776L, "ETHUSDT", new KlineEvent.Kline(
            1617566580000L, 1617566639999L, "ETHUSDT", "1m", 346711017L, 346711087L, "2063.88000000",
            "2064.73000000", "2065.00000000", "2063.88000000", "70.86425000", 71, false, "146321.71560700",
            "46.98201000", "97009.77617410")));
        assertThat(event.isFinalUpdate()).isFalse();
        final ObjectNode noTrade = kline();
        ((ObjectNode)noTrade.get("k")).put("f", -1).put("L", -1).put("n", 0);
        assertThat(mapper.treeToValue(noTrade, KlineEvent.class).kline().firstTradeId()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "trade without {0}")
    @ValueSource(strings = {"e", "E", "s", "t", "p", "q", "T", "m"})
    void shouldRejectTradeWithMissingField(final String field) {
        final ObjectNode json = trade();
        json.remove(field);

        assertRejected(json.toString(), TradeEvent.class, "'" + field + "'");
    }

    @ParameterizedTest(name = "trade with null {0}")
    @ValueSource(strings = {"e", "E", "s", "t", "p", "q", "T", "m"})
    void shouldRejectTradeWithNullField(final String field) {
        final ObjectNode json = trade();
        json.putNull(field);

        assertRejected(json.toString(), TradeEvent.class, field);
    }

    @ParameterizedTest(name = "kline without {0}")
    @ValueSource(strings = {"e", "E", "s", "k", "k.t", "k.T", "k.s", "k.i", "k.f", "k.L", "k.o", "k.c", "k.h",
        "k.l", "k.v", "k.n", "k.x", "k.q", "k.V", "k.Q"})
    void shouldRejectKlineWithMissingField(final String field) {
        final ObjectNode json = kline();
        target(json, field).remove(leaf(field));

        assertRejected(json.toString(), KlineEvent.class, "'" + leaf(field) + "'");
    }

    @ParameterizedTest(name = "kline with null {0}")
    @ValueSource(strings = {"e", "E", "s", "k", "k.t", "k.T", "k.s", "k.i", "k.f", "k.L", "k.o", "k.c", "k.h",
        "k.l", "k.v", "k.n", "k.x", "k.q", "k.V", "k.Q"})
    void shouldRejectKlineWithNullField(final String field) {
        final ObjectNode json = kline();
        target(json, field).putNull(leaf(field));

        assertRejected(json.toString(), KlineEvent.class, leaf(field));
    }

    @ParameterizedTest(name = "trade with {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "t | \"3735683259\"",
        "t | 3735683259.0",
        "t | 1.5",
        "t | 99999999999999999999",
        "t | true",
        "t | [3735683259]",
        "E | \"1723161255343\"",
        "E | 1.723161255343E12",
        "T | \"\"",
        "m | 1",
        "m | 0",
        "m | \"true\"",
        "m | [true]",
        "p | 61837.63",
        "p | 61837",
        "p | true",
        "p | [\"61837.63\"]",
        "p | {}",
        "q | 2E-2",
        "s | 42",
        "e | \"kline\"",
        "e | \"TRADE\"",
        "s | \"\"",
    })
    void shouldRejectTradeWithWrongType(final String field, final String rawValue) throws Exception {
        final ObjectNode json = trade();
        json.set(field, mapper.readTree(rawValue));

        assertRejected(json.toString(), TradeEvent.class, field);
    }

    @ParameterizedTest(name = "kline with {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "k.n | \"1020\"",
        "k.n | 1020.5",
        "k.f | \"-1\"",
        "k.x | 1",
        "k.x | \"false\"",
        "k.v | 23.067122",
        "k.i | 1",
        "k.s | \"ETHUSDT\"",
        "k   | \"{}\"",
        "k   | []",
        "e   | \"trade\"",
    })
    void shouldRejectKlineWithWrongType(final String field, final String rawValue) throws Exception {
        final ObjectNode json = kline();
        target(json, field).set(leaf(field), mapper.readTree(rawValue));

        assertRejected(json.toString(), KlineEvent.class, leaf(field));
    }

    @Test
    void shouldIgnoreUnknownFields() throws Exception {
        final ObjectNode json = trade();
        json.put("X", "MARKET").put("b", 20720542158L).putObject("future").put("z", 1);

        assertThat(mapper.treeToValue(json, TradeEvent.class)).isEqualTo(mapper.readValue(TRADE, TradeEvent.class));
    }

    @Test
    void shouldRejectDuplicateKeysAndTrailingContent() {
        assertThatThrownBy(() -> mapper.readValue(TRADE.replace("\"M\":true", "\"p\":\"1.0\""), TradeEvent.class))
            .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'p'");
        assertThatThrownBy(() -> mapper.readValue(TRADE + " {}", TradeEvent.class))
            .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Trailing token");
    }

    @Test
    void shouldExposeFinalUpdateAsJavaBeanProperty() throws Exception {
        final ObjectNode open = kline();
        ((ObjectNode)open.get("k")).put("x", false);
        final MarketEvent event = mapper.treeToValue(open, KlineEvent.class);

        assertThat(MarketEvent.class.getMethod("isFinalUpdate").getReturnType()).isEqualTo(boolean.class);
        assertThat(java.beans.Introspector.getBeanInfo(KlineEvent.class).getPropertyDescriptors())
            .anySatisfy(p -> assertThat(p.getName()).isEqualTo("finalUpdate"));
        assertThat(event.isFinalUpdate()).isFalse();
        assertThat(event.symbol()).isEqualTo("BTCUSDT");
        assertThat(event.eventTimeMillis()).isEqualTo(1617566640068L);
    }

    private void assertRejected(final String json, final Class<?> type, final String mention) {
        assertThatThrownBy(() -> mapper.readValue(json, type))
            .as(json)
            .isInstanceOf(JsonMappingException.class)
            .hasMessageContaining(mention);
    }

    private ObjectNode trade() {
        return read(TRADE);
    }

    private ObjectNode kline() {
        return read(KLINE);
    }

    private ObjectNode read(final String json) {
        try {
            return (ObjectNode)mapper.readTree(json);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode target(final ObjectNode root, final String path) {
        return path.startsWith("k.") ? (ObjectNode)root.get("k") : root;
    }

    private static String leaf(final String path) {
        return path.startsWith("k.") ? path.substring(2) : path;
    }
}
