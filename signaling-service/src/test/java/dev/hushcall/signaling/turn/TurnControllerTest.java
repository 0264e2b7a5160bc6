package dev.hushcall.signaling.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The endpoint as the whole application serves it: real security chain, real binding of the defaults. A real
 * server (RANDOM_PORT) because the WebSocket endpoint needs a servlet container; MockMvc for {@code jwt()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class TurnControllerTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    TurnCredentialIssuer issuer;

    @Test
    void credentialsWithoutABearerTokenAreRefusedWith401() throws Exception {
        mvc.perform(get("/v1/turn/credentials")).andExpect(status().isUnauthorized());
    }

    @Test
    void credentialsWithAForgedBearerTokenAreRefusedWith401() throws Exception {
        mvc.perform(get("/v1/turn/credentials").header("Authorization", "Bearer not.a.token"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void anAuthenticatedUserGetsUsernamePasswordTtlAndTheDefaultUris() throws Exception {
        String body = mvc.perform(get("/v1/turn/credentials").with(jwt().jwt(j -> j.subject("alice"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(
                        (NOW.getEpochSecond() + 21600) + ":" + issuer.opaqueUserId("alice")))
                .andExpect(jsonPath("$.password").isString())
                .andExpect(jsonPath("$.ttl").value(21600))
                .andExpect(jsonPath("$.uris[0]").value("turn:localhost:3478?transport=udp"))
                .andExpect(jsonPath("$.uris[1]").value("turn:localhost:3478?transport=tcp"))
                .andExpect(jsonPath("$.uris[2]").value("turns:localhost:443?transport=tcp"))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("alice");
    }

    @Test
    void anUnconfiguredRegionGetsTheDefaultUris() throws Exception {
        mvc.perform(get("/v1/turn/credentials").param("region", "mars").with(jwt().jwt(j -> j.subject("alice"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.uris[0]").value("turn:localhost:3478?transport=udp"));
    }
}
