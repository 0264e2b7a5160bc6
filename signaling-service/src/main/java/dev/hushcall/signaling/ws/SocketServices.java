package dev.hushcall.signaling.ws;

import dev.hushcall.signaling.lifecycle.Drain;
import dev.hushcall.signaling.ratelimit.RateLimits;
import dev.hushcall.signaling.routing.Router;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** What every {@link DeviceSocket} works with, shared by all of them. */
@Component
record SocketServices(Dispatcher dispatcher, Router router, Drain drain, WsProperties properties, RateLimits limits,
                      Clock clock) {

    SendWindow newSendWindow() {
        return new SendWindow(clock, properties.sendBufferBytes(), properties.sendTimeLimit().toMillis());
    }
}
