package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.api.ApiError;
import dev.hushcall.signaling.ratelimit.RateLimits;
import dev.hushcall.protocol.ProtocolJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every {@code /v1/**} REST call needs a bearer token. The socket endpoint is open at the HTTP level
 * because its proof is the single-use ticket in the query, checked by the socket handshake.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; media-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /**
     * No observation per security filter, authentication and authorization: with them, Spring Security was the
     * largest single cost of a REST call in the call set-up benchmark (each of a dozen filters is wrapped in an
     * observation). Requests are still observed once, as {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, RateLimits limits) throws Exception {
        http.addFilterBefore(new FailedSignInLimit(limits), BearerTokenAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                // Stateless bearer-token API: nothing to log out of, no request to save for after a login.
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                // The dialer page loads only its own script and style and talks only to this origin.
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .permissionsPolicyHeader(policy -> policy.policy("microphone=(self), camera=()")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/v1/ws").permitAll()
                        .requestMatchers("/v1/**").authenticated()
                        .requestMatchers("/dev/token").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                        // Served on the management port only (management.server.port): counts of calls and sockets
                        // are traffic-analysis material, so the public port has no /actuator at all.
                        .requestMatchers("/actuator/prometheus").permitAll()
                        .requestMatchers("/actuator/**").denyAll()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(SecurityConfiguration::unauthorized)
                        .accessDeniedHandler((request, response, e) ->
                                write(response, HttpServletResponse.SC_FORBIDDEN,
                                        new ApiError(ErrorCode.FORBIDDEN, "this token may not do that"))))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(SecurityConfiguration::unauthorized));
        return http.build();
    }

    /**
     * 401 with the challenge RFC 6750 section 3 asks for: {@code Bearer}, and {@code error="invalid_token"} when a
     * token came and failed. Nothing of the token or of why it failed is echoed.
     */
    private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
                                     AuthenticationException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(e instanceof OAuth2AuthenticationException));
        write(response, HttpServletResponse.SC_UNAUTHORIZED, ApiError.UNAUTHORIZED);
    }

    /** The {@code WWW-Authenticate} value of a 401: the REST API's and the ticket endpoint's. */
    static String challenge(boolean tokenFailed) {
        return tokenFailed ? "Bearer error=\"invalid_token\"" : "Bearer";
    }

    private static void write(HttpServletResponse response, int status, ApiError error) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(ProtocolJson.mapper().writeValueAsString(error));
    }
}
