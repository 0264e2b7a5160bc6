package dev.hushcall.client.call;

import dev.hushcall.client.api.UserBundles;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Where prekey bundles come from: {@code GET /v1/keys/{user}} and {@code GET /v1/keys/{user}/{deviceId}} in the
 * client, a fake in tests. Blocking.
 */
public interface BundleSource {

    /** A bundle of every device of {@code user}, each spending one of that device's one-time prekeys. */
    UserBundles fetch(String user);

    /**
     * The bundle of one device of {@code user} alone, spending only that device's one-time prekeys: what repairs a
     * session after {@code device_mismatch}. Throws {@code unknown_device} when the user has no such device.
     */
    UserBundles fetchDevice(String user, int deviceId);

    static BundleSource of(Function<String, UserBundles> every, BiFunction<String, Integer, UserBundles> one) {
        return new BundleSource() {
            @Override
            public UserBundles fetch(String user) {
                return every.apply(user);
            }

            @Override
            public UserBundles fetchDevice(String user, int deviceId) {
                return one.apply(user, deviceId);
            }
        };
    }
}
