package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ControlPathsTest {
    private final ControlPaths paths = new ControlPaths();

    ControlPathsTest() {
        paths.add("/streams", "GET,POST");
        paths.add("/streams/{id}", "DELETE");
        paths.add("/anything", null);
    }

    @Test
    void shouldTellTheMethodsOfServedPaths() {
        assertThat(paths.allowedMethods("/streams")).hasValue(List.of("GET", "POST"));
        assertThat(paths.allowedMethods("/streams/trade-btcusdt")).hasValue(List.of("DELETE"));
    }

    @Test
    void shouldTellPathsThatAreNotServed() {
        assertThat(paths.allowedMethods("/streams/a/b")).isEqualTo(Optional.empty());
        assertThat(paths.allowedMethods("/streams/")).isEqualTo(Optional.empty());
        assertThat(paths.allowedMethods("/nope")).isEqualTo(Optional.empty());
        assertThat(paths.allowedMethods("/anything")).as("every method served").isEqualTo(Optional.empty());
        assertThat(paths.templates()).containsExactly("/anything", "/streams", "/streams/{id}");
    }
}
