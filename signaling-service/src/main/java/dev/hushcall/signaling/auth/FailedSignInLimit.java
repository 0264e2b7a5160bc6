package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.ProtocolJson;
import dev.hushcall.signaling.api.ApiError;
import dev.hushcall.signaling.ratelimit.Limit;
import dev.hushcall.signaling.ratelimit.RateLimited;
import dev.hushcall.signaling.ratelimit.RateLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link Limit#FAILED_AUTH_PER_ADDRESS} for the REST API: every 401 spends a token of the caller's address, and an
 * address with none left gets 429 before its token is verified (a verification is the costly part of a refusal).
 */
final class FailedSignInLimit extends OncePerRequestFilter {

    private final RateLimits limits;

    FailedSignInLimit(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        try {
            limits.refuseIfSpent(Limit.FAILED_AUTH_PER_ADDRESS, address);
        } catch (RateLimited e) {
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write(ProtocolJson.mapper().writeValueAsString(new ApiError(e.code(), e.getMessage())));
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            limits.spend(Limit.FAILED_AUTH_PER_ADDRESS, address);
        }
    }
}
