package dev.hushcall.client.call;

import dev.hushcall.client.api.UserBundles;

/** Where prekey bundles come from: {@code GET /v1/keys/{user}} in the client, a fake in tests. Blocking. */
@FunctionalInterface
public interface BundleSource {

    UserBundles fetch(String user);
}
