package dev.hushcall.signaling.turn;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/turn/credentials}: short-lived coturn credentials for the calling user. */
@RestController
class TurnController {

    private final TurnCredentialIssuer issuer;

    TurnController(TurnCredentialIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping("/v1/turn/credentials")
    TurnCredentials credentials(@AuthenticationPrincipal Jwt jwt) {
        return issuer.issue(jwt.getSubject());
    }
}
