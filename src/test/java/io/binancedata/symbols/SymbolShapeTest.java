package io.binancedata.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.binancedata.api.InvalidRequestException;
import io.binancedata.api.InvalidSymbolException;
import io.binancedata.stream.SymbolShape;
import io.binancedata.support.SharedData;
import org.junit.jupiter.api.Test;

class SymbolShapeTest {
    @Test
    void shouldAcceptEverySymbolOfTheRecordedExchangeInfos() throws Exception {
        int longest = 0;
        for (String recording : List.of("cryptofeed/BINANCE.0.gz", "cryptofeed/BINANCE_US.0.gz")) {
            String body = SharedData.lines(recording).stream().filter(l -> l.contains("/api/v3/exchangeInfo"))
                    .map(l -> l.substring(l.indexOf(": {") + 2)).findFirst().orElseThrow();
            Map<String, SymbolListing> statuses = ExchangeInfoClient.parse(
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(statuses.keySet()).as(recording).isNotEmpty().allMatch(SymbolShape::isValid);
            assertThat(statuses).as(recording + ": every symbol is its base asset and then its quote asset")
                    .allSatisfy((symbol, listing) -> assertThat(symbol).endsWith(listing.quoteAsset()));
            longest = Math.max(longest, statuses.keySet().stream().mapToInt(String::length).max().orElseThrow());
        }
        assertThat(longest).as("longest recorded symbol (SUSHIDOWNUSDT)").isEqualTo(13)
                .isLessThanOrEqualTo(SymbolShape.MAX_LENGTH);
    }

    @Test
    void shouldAcceptUpperCaseLettersDigitsAndNonAsciiLetters() {
        assertThat(List.of("BTCUSDT", "1INCHDOWNUSDT", "币安人生USDT", "A", "A".repeat(20)))
                .allMatch(SymbolShape::isValid);
    }

    @Test
    void shouldRefuseEverythingElse() {
        assertThat(Arrays.asList("", "A/B", "X Y", "..", "BTC.USDT", "BTC-USDT", "BTC_USDT", "btcusdt", "BTC\u0000USDT",
                "BTCUSDT\n", "\u202EBTC", "A".repeat(21), "BTC%2FUSDT", "١٢٣", null)).noneMatch(SymbolShape::isValid);
    }

    @Test
    void shouldNormalizeCaseAndSurroundingSpacesOnly() {
        assertThat(SymbolShape.normalize(" btcusdt ")).isEqualTo("BTCUSDT");
        assertThat(SymbolShape.normalize("币安人生usdt")).isEqualTo("币安人生USDT");
        assertThat(SymbolShape.normalize("\u0000btcusdt")).isEqualTo("\u0000BTCUSDT");
        assertThat(SymbolShape.normalize("\tbtcusdt")).isEqualTo("\tBTCUSDT");
        assertThat(SymbolShape.normalize(null)).isNull();
    }

    @Test
    void shouldRequireShapesAllOrNothingNamingEveryBadOne() {
        assertThat(SymbolShape.requireAll(List.of("btcusdt", "BTCUSDT", "ethusdt"))).containsExactly("BTCUSDT", "ETHUSDT");
        assertThatThrownBy(() -> SymbolShape.requireAll(Arrays.asList("BTCUSDT", "A/B", null, "X Y")))
                .isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) A/B, null, X Y: " + SymbolShape.RULE)
                .satisfies(e -> assertThat(((InvalidSymbolException) e).symbols()).containsExactly("A/B", "null", "X Y"));
        assertThatThrownBy(() -> SymbolShape.requireAll(List.of())).isInstanceOf(InvalidRequestException.class)
                .hasMessage("No symbols given");
        assertThatThrownBy(() -> SymbolShape.require("BTC\u0000USDT")).isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) BTC\\u0000USDT: " + SymbolShape.RULE);
    }

    @Test
    void shouldNeverEchoALongSymbolInFull() {
        String huge = "X".repeat(30_000) + "/";
        assertThatThrownBy(() -> SymbolShape.require(huge)).isInstanceOf(InvalidSymbolException.class)
                .hasMessage("Invalid symbol(s) " + "X".repeat(64) + "…: " + SymbolShape.RULE);
    }
}
