package dev.hushcall.client.store;

import java.util.List;
import java.util.Optional;

/**
 * The small persistence interface everything the SDK keeps (keys, sessions, trusted identities) is written
 * through, so an app can put it in its own database. Keys are grouped in namespaces; values are opaque bytes.
 * Implementations must be safe for concurrent use and must make each {@link #put} atomic: a crash leaves the
 * old value or the new one, never half of one.
 */
public interface KeyValueStore {

    Optional<byte[]> get(String namespace, String key);

    void put(String namespace, String key, byte[] value);

    void delete(String namespace, String key);

    /** The keys present in {@code namespace}, in no particular order. */
    List<String> keys(String namespace);
}
