package dev.hushcall.signaling.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hushcall.client.CallHandle;
import dev.hushcall.signaling.testing.Phone;
import dev.hushcall.signaling.testing.Sdp;
import dev.hushcall.signaling.testing.ServiceTest;
import dev.hushcall.signaling.testing.TestDevices;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The SDK repairs a stale device list ({@code device_mismatch}) with the bundles of the missing devices alone, so
 * the callee's other devices keep their one-time prekeys (issue 15: each repair used to spend one of every device's).
 */
@ServiceTest
class SessionRepairIT {

    @LocalServerPort
    int port;

    @Test
    void aCallToANewDeviceSpendsNoPrekeyOfTheDevicesTheCallerAlreadyReaches() throws Exception {
        TestDevices devices = new TestDevices(port);
        // Bob's devices never connect, so they never refill: their counts show exactly what callers took.
        TestDevices.Device phone = devices.register("bob-repair", 5);
        try (Phone alice = Phone.connected(port, devices, "alice-repair")) {
            place(alice, "first");
            assertThat(preKeysLeft(devices, phone, 1)).isEqualTo(4);

            TestDevices.Device laptop = devices.register("bob-repair", 5);
            place(alice, "second");

            assertThat(preKeysLeft(devices, phone, laptop.deviceId())).isEqualTo(4);
            assertThat(preKeysLeft(devices, phone, 1)).as("the phone's prekeys after the repair").isEqualTo(4);
        }
    }

    private static void place(Phone caller, String sdp) throws Exception {
        CallHandle call = caller.client().placeCall("bob-repair", Sdp.audio(sdp));
        call.sent().get(10, TimeUnit.SECONDS);
    }

    private static int preKeysLeft(TestDevices devices, TestDevices.Device owner, int deviceId) {
        return devices.get("/v1/devices/" + deviceId + "/keys/count", owner.token()).get("preKeys").asInt();
    }
}
