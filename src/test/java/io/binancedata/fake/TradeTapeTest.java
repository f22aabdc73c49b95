package io.binancedata.fake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TradeTapeTest {

    @Test
    void shouldReadTheConsecutiveBtcusdtTradesOfBothDaysByteForByte() {
        TradeTape tape = TestData.btcusdt();

        assertThat(tape.size()).isEqualTo(TestData.BTC_TRADES);
        assertThat(tape.frame(0)).isEqualTo("{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,"
                + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}");
        assertThat(tape.frames()).isEqualTo(TestData.recordedData("btcusdt@trade", TestData.btcusdtFiles()));
        for (int i = 0; i < tape.size(); i++) {
            assertThat(tape.trade(i).id()).isEqualTo(TestData.BTC_FIRST_ID + i);
        }
        assertThat(tape.trade(tape.size() - 1).id()).isEqualTo(TestData.BTC_LAST_ID);
    }

    @Test
    void shouldReadTheEthusdtRecordingSkippingOtherStreams() {
        TradeTape tape = TradeTape.fromRecording("ETHUSDT", TestData.real("hftbacktest/spot_ethusdt_20240808.gz"),
                TestData.real("hftbacktest/spot_ethusdt_20240809.gz"));

        assertThat(tape.size()).isEqualTo(14_515);
        assertThat(tape.trade(0).id()).isEqualTo(1_520_538_925L);
        assertThat(tape.trade(14_514).id()).isEqualTo(1_520_553_439L);
    }

    @Test
    void shouldBundleBtcEthAndTheNonAsciiSymbolDerivedFromEth() {
        List<TradeTape> bundled = TradeTape.bundled();

        assertThat(bundled).extracting(TradeTape::symbol).containsExactly("BTCUSDT", "ETHUSDT", "币安人生USDT");
        assertThat(bundled).extracting(TradeTape::size).containsExactly(3000, 3000, 3000);
        TradeTape btc = bundled.get(0);
        assertThat(btc.frames()).isEqualTo(TestData.btcusdt().frames().subList(0, 3000));
        TradeTape eth = bundled.get(1);
        TradeTape derived = bundled.get(2);
        assertThat(derived.frame(0)).isEqualTo(eth.frame(0).replace("\"s\":\"ETHUSDT\"", "\"s\":\"币安人生USDT\""));
        assertThat(derived.trade(2999)).isEqualTo(eth.trade(2999));
    }

    @Test
    void shouldKeepMalformedFramesVerbatimWithoutATrade() {
        TradeTape tape = TradeTape.ofFrames("TESTUSDT", List.of(
                TestData.trade("TESTUSDT", 1, "1.00000000", "2.00000000", 1_000, false),
                "not json",
                "{\"e\":\"trade\",\"E\":1,\"s\":\"TESTUSDT\"}",
                "{\"e\":\"trade\",\"E\":1,\"s\":\"TESTUSDT\",\"t\":2,\"p\":\"abc\",\"q\":\"1\",\"T\":1,\"m\":true}"));

        assertThat(tape.frames()).hasSize(4).element(1).isEqualTo("not json");
        assertThat(tape.trade(0)).isEqualTo(new TapeTrade(1, "1.00000000", "2.00000000", 1_000, 1_000, false, true));
        assertThat(tape.trade(1)).isNull();
        assertThat(tape.trade(2)).isNull();
        assertThat(tape.trade(3)).isNull();
    }
}
