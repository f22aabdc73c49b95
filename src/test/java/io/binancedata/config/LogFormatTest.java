package io.binancedata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logging.format is read through Camel's properties component, in Camel Main's order of sources. */
class LogFormatTest {
    @TempDir
    Path dir;

    /**
     * The format as a component with two locations resolves it: {@code first} (the working directory's), then
     * {@code second}; null: no such file.
     */
    private String resolve(String first, String second) throws IOException {
        try (DefaultCamelContext camel = new DefaultCamelContext(false)) {
            camel.build();
            PropertiesComponent properties = camel.getPropertiesComponent();
            properties.setLocation("file:" + file("first", first) + ";optional=true,file:" + file("second", second)
                    + ";optional=true");
            return LogFormat.resolve(properties);
        }
    }

    private Path file(String name, String format) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Files.deleteIfExists(file);
        if (format != null) {
            Files.writeString(file, LogFormat.KEY + "=" + format + "\n");
        }
        return file;
    }

    @Test
    void shouldTakeTheFirstLocationThatHasTheKeyAndTextWithoutOne() throws IOException {
        assertThat(resolve("json", "text")).isEqualTo("json");
        assertThat(resolve(null, "json")).isEqualTo("json");
        assertThat(resolve(" JSON ", null)).isEqualTo("json");
        assertThat(resolve(null, null)).isEqualTo("text");
        assertThat(resolve("", "json")).isEqualTo("text");
    }

    @Test
    void shouldLetASystemPropertyWinOverTheFiles() throws IOException {
        System.setProperty(LogFormat.KEY, "json");
        try {
            assertThat(resolve("text", "text")).isEqualTo("json");
        } finally {
            System.clearProperty(LogFormat.KEY);
        }
    }

    @Test
    void shouldRefuseAnUnknownFormatNamingTheKey() {
        assertThatThrownBy(() -> resolve("xml", null)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid configuration logging.format=xml: expected text or json");
    }
}
