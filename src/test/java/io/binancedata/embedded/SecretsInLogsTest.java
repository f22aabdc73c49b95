package io.binancedata.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.binancedata.fake.FakeExchange;
import io.binancedata.fake.FakeExchangeOptions;
import io.binancedata.fake.TradeTape;
import io.binancedata.support.LogCapture;
import io.binancedata.support.MainProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials written into a sink URI (the README's own HTTP example has a user, a password and a token in it) never
 * reach the log: not Camel Main's start-up summary of the properties it used, not the product's own lines.
 */
class SecretsInLogsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SECRETS = List.of("PW5ECRET", "PW6ECRET", "PW7ECRET");

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheSinksCredentialsOutOfTheLogFromStartToStop() {
        try (FakeExchange exchange = FakeExchange.start(FakeExchangeOptions.defaults().speed(1.0)
                .tapes(TradeTape.bundled()));
             LogCapture camel = new LogCapture("org.apache.camel");
             LogCapture product = new LogCapture("io.binancedata")) {
            Map<String, String> overrides = MainProcess.settings(exchange, dir, MainProcess.freePort());
            overrides.put("binance.sink.trade", "sbe-file:" + dir + ",http://user:PW5ECRET@127.0.0.1:9/ingest"
                    + "?authPassword=PW6ECRET&token=PW7ECRET&httpMethod=POST");
            try (MainProcess main = MainProcess.start(overrides, TIMEOUT)) {
                assertThat(main.camelContext().isStarted()).isTrue();
            }
            assertThat(camel.events()).as("Camel's log").isNotEmpty()
                    .noneMatch(line -> SECRETS.stream().anyMatch(line::contains));
            assertThat(product.events()).as("the product's log").anyMatch(line -> line.contains("started"))
                    .noneMatch(line -> SECRETS.stream().anyMatch(line::contains));
        }
    }
}
