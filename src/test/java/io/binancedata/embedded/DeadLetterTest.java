package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.binancedata.BinanceData;
import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.stream.StreamStatus;
import io.binancedata.support.Product;
import io.binancedata.support.SbeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad frames go to the dead-letter file with their reason and are counted; the stream goes on. */
class DeadLetterTest {
    private static final String GOOD_1 =
            "{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.63000000\","
            + "\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}";
    private static final String GOOD_2 =
            "{\"e\":\"trade\",\"E\":1723161255619,\"s\":\"BTCUSDT\",\"t\":3735683264,\"p\":\"61837.63000000\","
            + "\"q\":\"0.04800000\",\"T\":1723161255617,\"m\":true,\"M\":true}";
    /** Trade ids keep rising through the bad frames, as on a real stream: none is mistaken for a duplicate. */

    private static final List<String> BAD = List.of(
            "this is not json",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":3735683260,\"q\":\"1.0\",\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":\"3735683261\",\"p\":\"1.0\",\"q\":\"1.0\",\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":3735683261,\"p\":\"99999999999999999999.5\",\"q\":\"1.0\",\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"ETHUSDT\",\"t\":3735683262,\"p\":\"1.0\",\"q\":\"1.0\",\"T\":1723161255400,\"m\":true}",
            "{\"e\":\"trade\",\"E\":1723161255400,\"s\":\"BTCUSDT\",\"t\":3735683263,\"p\":\"1.0\",\"q\":\"1.0\",\"T\":1723161255400,\"m\":null}");

    @Test
    void shouldDeadLetterEveryBadFrameWithItsReasonAndKeepStreaming(@TempDir Path dir) throws Exception {
        List<String> frames = Stream.concat(Stream.concat(Stream.of(GOOD_1), BAD.stream()), Stream.of(GOOD_2)).toList();
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().maxSpeed().loop(false)
                .tape(TradeTape.ofFrames("BTCUSDT", frames)));
             BinanceData binance = Product.startOwnConnections(exchange, dir)) {
            binance.startTradeData(List.of("BTCUSDT"));
            StreamStatus status = binance.stream("trade-btcusdt").orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> status.messages() + status.deadLettered() >= frames.size());
            assertThat(status.messages()).isEqualTo(2);
            assertThat(status.deadLettered()).isEqualTo(BAD.size());
        }
        List<JsonNode> trades = SbeFiles.decodeDays(dir.resolve("trade/BTCUSDT"));
        assertThat(trades).extracting(t -> t.get("tradeId").asLong()).containsExactly(3735683259L, 3735683264L);

        Path deadLetters;
        try (Stream<Path> files = Files.list(dir.resolve("dead-letter"))) {
            deadLetters = files.findFirst().orElseThrow();
        }
        List<JsonNode> records = Files.readAllLines(deadLetters).stream().map(SbeFiles::parse).toList();
        assertThat(records).extracting(r -> r.get("frame").asText()).containsExactlyElementsOf(BAD);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("streamId").asText()).isEqualTo("trade-btcusdt");
            assertThat(r.get("stream").asText()).isEqualTo("btcusdt@trade");
            assertThat(r.get("receiveTime").asLong()).isPositive();
        });
        assertThat(records).allSatisfy(r -> assertThat(r.get("step").asText()).isEqualTo("decode"));
        assertThat(records.get(0).get("reason").asText()).startsWith("malformed JSON at offset 0");
        assertThat(records.get(1).get("reason").asText()).contains("'p'").contains("missing");
        assertThat(records.get(2).get("reason").asText()).contains("'t'").contains("\"3735683261\"");
        assertThat(records.get(3).get("reason").asText()).contains("'p'").contains("99999999999999999999.5");
        assertThat(records.get(4).get("reason").asText()).contains("ETHUSDT").contains("BTCUSDT");
        assertThat(records.get(5).get("reason").asText()).contains("'m'").contains("null");
    }
}
