package dev.hushcall.signaling.auth;

import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.api.ApiException;
import dev.hushcall.signaling.keys.DeviceDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/ws/ticket}: trades the bearer token for a single-use socket ticket for one of the caller's devices. */
@RestController
class TicketController {

    record TicketRequest(Integer deviceId) {
    }

    record TicketResponse(String ticket, long expiresInSeconds) {
        @Override
        public String toString() {
            return "TicketResponse[ticket=****]";
        }
    }

    private final Tickets tickets;
    private final DeviceDirectory devices;
    private final Clock clock;

    TicketController(Tickets tickets, DeviceDirectory devices, Clock clock) {
        this.tickets = tickets;
        this.devices = devices;
        this.clock = clock;
    }

    @PostMapping("/v1/ws/ticket")
    TicketResponse issue(@AuthenticationPrincipal Jwt jwt, @RequestBody TicketRequest request) {
        if (request.deviceId() == null || request.deviceId() < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE, "deviceId is required");
        }
        DeviceAddress device = new DeviceAddress(jwt.getSubject(), request.deviceId());
        if (!devices.isRegistered(device)) {
            throw new ApiException(HttpStatus.NOT_FOUND, ErrorCode.UNKNOWN_DEVICE,
                    "you have no device " + request.deviceId() + "; register it with POST /v1/devices first");
        }
        Tickets.Issued issued = tickets.issue(device);
        return new TicketResponse(issued.ticket(), Duration.between(clock.instant(), issued.expiresAt()).toSeconds());
    }
}
