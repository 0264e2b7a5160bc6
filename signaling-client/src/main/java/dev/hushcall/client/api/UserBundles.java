package dev.hushcall.client.api;

import java.util.List;

/** {@code GET /v1/keys/{user}}: one bundle per device of {@code user}. */
public record UserBundles(String user, List<DeviceBundle> devices) {
}
