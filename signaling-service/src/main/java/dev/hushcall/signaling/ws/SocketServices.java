package dev.hushcall.signaling.ws;

import dev.hushcall.signaling.lifecycle.Drain;
import dev.hushcall.signaling.ratelimit.RateLimits;
import dev.hushcall.signaling.routing.Router;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;
import org.springframework.stereotype.Component;

/** What every {@link DeviceSocket} works with, shared by all of them. */
@Component
record SocketServices(Dispatcher dispatcher, Router router, Drain drain, WsProperties properties, RateLimits limits,
                      Clock clock, Scheduler scheduler) {

    SendWindow newSendWindow() {
        return new SendWindow(clock, properties.sendBufferBytes(), properties.sendTimeLimit().toMillis());
    }

    SocketConnection.Timers timers() {
        return (task, delayMillis) -> scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS)::cancel;
    }
}
