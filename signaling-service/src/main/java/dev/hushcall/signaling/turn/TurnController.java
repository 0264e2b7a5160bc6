package dev.hushcall.signaling.turn;

import dev.hushcall.signaling.metrics.TurnMetrics;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/turn/credentials}: short-lived coturn credentials for the calling user. */
@RestController
class TurnController {

    private final TurnCredentialIssuer issuer;

    private final TurnMetrics metrics;

    TurnController(TurnCredentialIssuer issuer, TurnMetrics metrics) {
        this.metrics = metrics;
        this.issuer = issuer;
    }

    /** {@code ?region=eu}: that region's servers, when configured; the default servers otherwise. */
    @GetMapping("/v1/turn/credentials")
    TurnCredentials credentials(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String region) {
        TurnCredentials credentials = issuer.issue(jwt.getSubject(), region);
        metrics.credentialsIssued();
        return credentials;
    }
}
