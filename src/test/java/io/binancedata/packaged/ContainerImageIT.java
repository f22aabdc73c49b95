package io.binancedata.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binancedata.support.ImageTarball;
import io.binancedata.support.ImageTarball.Entry;
import io.binancedata.support.JarProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image of the Jib build. The build's {@code image-check} execution makes it on an empty base
 * ({@code scratch}, nothing to download) before the integration tests, from the same configuration that
 * {@code mvn -Pjib package} puts on eclipse-temurin:17-jre; docker/Dockerfile must declare the same.
 */
class ContainerImageIT {
    private static final Path TARBALL = Path.of(System.getProperty("binance.image.tar", "target/jib-image-scratch.tar"));
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
    private static final List<String> JVM_FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
    private static ImageTarball image;
    private static JsonNode config;

    @BeforeAll
    static void readImage() throws IOException {
        image = ImageTarball.read(TARBALL);
        config = image.containerConfig();
    }

    @Test
    void shouldRunTheApplicationAsUser10001InAppWithTheJvmFlagAgronaNeeds() {
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
        assertThat(strings(config.get("Entrypoint"))).containsExactly("java", "--add-exports",
                "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", "@/app/jib-classpath-file", "io.binancedata.Application");
        assertThat(image.entry("/app/jib-main-class-file").text()).isEqualTo("io.binancedata.Application");
    }

    @Test
    void shouldExposeTheHttpPortsSetAUtf8LocaleAndKeepDataInAVolume() {
        assertThat(fieldNames(config.get("ExposedPorts"))).isEqualTo(Set.of("9876/tcp", "8080/tcp"));
        assertThat(strings(config.get("Env")).stream().filter(e -> e.startsWith("LANG="))).containsExactly("LANG=C.UTF-8");
        assertThat(fieldNames(config.get("Volumes"))).isEqualTo(Set.of("/app/data"));
        Entry data = image.entry("/app/data");
        assertThat(data.isDirectory()).isTrue();
        assertThat(data.mode() & 07777).as("writable by user 10001: Jib cannot chown").isEqualTo(0777);
        assertThat(image.layers().stream().flatMap(l -> l.keySet().stream()).filter(p -> p.startsWith("/app/data/")))
                .as("the volume starts empty").isEmpty();
    }

    @Test
    void shouldCarryTheApplicationAndEveryEntryOfItsClasspathInLayers() {
        assertThat(image.entry("/app/classes/io/binancedata/Application.class")).isNotNull();
        assertThat(image.entry("/app/resources/application.properties").text()).contains("binance.ws-url = ");
        assertThat(image.entry("/app/resources/routes/stream-template.yaml")).isNotNull();
        assertThat(image.entry("/app/resources/sbe/binance-market-data.xml")).isNotNull();
        List<String> classpath = Arrays.asList(image.entry("/app/jib-classpath-file").text().split(":"));
        assertThat(classpath).startsWith("/app/resources", "/app/classes")
                .contains("/app/libs/camel-main-" + JarProcess.camelVersion() + ".jar", "/app/libs/agrona-2.6.0.jar",
                        "/app/libs/artemis-jakarta-client-2.44.0.jar");
        assertThat(classpath).allSatisfy(path -> assertThat(image.entry(path)).as(path).isNotNull());
        Set<String> libs = image.layers().stream().flatMap(l -> l.keySet().stream())
                .filter(p -> p.startsWith("/app/libs/")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(libs).as("every jar in the image is on the classpath").isEqualTo(new TreeSet<>(classpath.subList(2, classpath.size())));
    }

    @Test
    void shouldDeclareWhatTheDockerfileDeclares() throws IOException {
        Map<String, List<String>> dockerfile = finalStage(DOCKERFILE);
        assertThat(dockerfile.get("USER")).containsExactly(config.get("User").asText());
        assertThat(dockerfile.get("WORKDIR")).containsExactly(config.get("WorkingDir").asText());
        assertThat(dockerfile.get("EXPOSE").stream().map(port -> port + "/tcp").collect(Collectors.toSet()))
                .isEqualTo(fieldNames(config.get("ExposedPorts")));
        assertThat(dockerfile.get("ENV")).contains("LANG=C.UTF-8");
        assertThat(dockerfile.get("VOLUME")).containsExactlyElementsOf(fieldNames(config.get("Volumes")));
        List<String> entrypoint = dockerfile.get("ENTRYPOINT");
        assertThat(entrypoint.subList(0, entrypoint.indexOf("-jar"))).isEqualTo(concat("java", JVM_FLAGS));
        List<String> jib = strings(config.get("Entrypoint"));
        assertThat(jib.subList(0, jib.indexOf("-cp"))).isEqualTo(concat("java", JVM_FLAGS));
    }

    /**
     * The instructions of the Dockerfile's last stage, each with its arguments ({@code ["..."]} forms parsed as
     * JSON, others split on blanks; continuation lines joined; a repeated instruction adds to the list).
     */
    private static Map<String, List<String>> finalStage(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile).replaceAll("\\\\\\n(\\s*#[^\\n]*\\n)*", " ");
        Map<String, List<String>> instructions = new LinkedHashMap<>();
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] parts = line.split("\\s+", 2);
            String instruction = parts[0].toUpperCase();
            if (instruction.equals("FROM")) {
                instructions.clear();
                continue;
            }
            String arguments = parts.length > 1 ? parts[1] : "";
            List<String> values = arguments.startsWith("[")
                    ? strings(new ObjectMapper().readTree(arguments))
                    : Arrays.asList(arguments.split("\\s+"));
            instructions.computeIfAbsent(instruction, k -> new ArrayList<>()).addAll(values);
        }
        return instructions;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
