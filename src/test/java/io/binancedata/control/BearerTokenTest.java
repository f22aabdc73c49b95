package io.binancedata.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private static final String TOKEN = "s3cret-token";

    @Test
    void shouldAcceptTheSchemeInAnyCase() {
        assertThat(BearerToken.matches("Bearer s3cret-token", TOKEN)).isTrue();
        assertThat(BearerToken.matches("bearer s3cret-token", TOKEN)).isTrue();
        assertThat(BearerToken.matches("BEARER   s3cret-token ", TOKEN)).isTrue();
    }

    @Test
    void shouldRefuseAnythingElse() {
        assertThat(BearerToken.matches(null, TOKEN)).isFalse();
        assertThat(BearerToken.matches("", TOKEN)).isFalse();
        assertThat(BearerToken.matches("Bearer", TOKEN)).isFalse();
        assertThat(BearerToken.matches("Bearer S3CRET-TOKEN", TOKEN)).as("the token is case-sensitive").isFalse();
        assertThat(BearerToken.matches("Bearers3cret-token", TOKEN)).isFalse();
        assertThat(BearerToken.matches("Basic s3cret-token", TOKEN)).isFalse();
        assertThat(BearerToken.matches("Bearer s3cret-token2", TOKEN)).isFalse();
        assertThat(BearerToken.matches("Bearer s3cret", TOKEN)).isFalse();
    }
}
