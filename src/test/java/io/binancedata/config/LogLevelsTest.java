package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

class LogLevelsTest {
    @Test
    void shouldCollectTheKeysOfFilesSystemPropertiesAndEnvironmentVariables() {
        Set<String> keys = LogLevels.keys(List.of("logging.level.root", "logging.format", "binance.file.dir"),
                List.of("logging.level.io.binancedata", "java.home"),
                List.of("LOGGING_LEVEL_ORG_APACHE_CAMEL", "LOGGING_FORMAT", "LOGGING_LEVEL_", "PATH"));
        assertThat(keys).containsExactly("logging.level.io.binancedata", "logging.level.org.apache.camel",
                "logging.level.root");
    }

    @Test
    void shouldReadEachLevelThroughTheLookupCaseInsensitively() {
        Map<String, String> values = Map.of("logging.level.root", "warn", "logging.level.io.binancedata", " Debug ");
        LogLevels levels = LogLevels.of(List.of("logging.level.root", "logging.level.io.binancedata",
                "logging.level.gone"), values::get);
        assertThat(levels.asMap()).isEqualTo(Map.of("io.binancedata", "DEBUG", "root", "WARN"));
    }

    @Test
    void shouldRefuseAnUnknownLevelNamingTheKey() {
        assertThatThrownBy(() -> LogLevels.of(List.of("logging.level.root"), k -> "BOGUS"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration logging.level.root=BOGUS: expected a log level: TRACE, DEBUG, INFO,"
                        + " WARN, ERROR or OFF");
    }

    @Test
    void shouldSetTheLevelsInTheRunningLog4jConfiguration() {
        String logger = "io.binancedata.config.LogLevelsTest.probe";
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Level root = context.getRootLogger().getLevel();
        try {
            LogLevels.of(List.of("logging.level." + logger), k -> "TRACE").apply();
            assertThat(LogManager.getLogger(logger).isTraceEnabled()).isTrue();
            LogLevels.of(List.of("logging.level." + logger), k -> "OFF").apply();
            assertThat(LogManager.getLogger(logger).isErrorEnabled()).isFalse();
            LogLevels.of(List.of("logging.level.root"), k -> "ERROR").apply();
            assertThat(LogManager.getLogger("io.binancedata.config.other").isWarnEnabled()).isFalse();
        } finally {
            context.getConfiguration().removeLogger(logger);
            context.getConfiguration().getRootLogger().setLevel(root);
            context.updateLoggers();
        }
    }
}
