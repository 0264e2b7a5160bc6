package dev.hushcall.signaling.turn;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/turn/credentials}: short-lived coturn credentials for the calling user. A connected device can ask on
 * its socket instead ({@code turn.request}).
 */
@RestController
class TurnController {

    private final UserTurnCredentials credentials;

    TurnController(UserTurnCredentials credentials) {
        this.credentials = credentials;
    }

    /** {@code ?region=eu}: that region's servers, when configured; the default servers otherwise. */
    @GetMapping("/v1/turn/credentials")
    TurnCredentials credentials(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String region) {
        return credentials.issue(jwt.getSubject(), region);
    }
}
