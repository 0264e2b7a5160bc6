package dev.hushcall.client.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps everything in memory: for tests and for throw-away accounts (load-test users). */
public final class InMemoryKeyValueStore implements KeyValueStore {

    private final Map<String, Map<String, byte[]>> namespaces = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        byte[] value = space(namespace).get(key);
        return Optional.ofNullable(value == null ? null : value.clone());
    }

    @Override
    public void put(String namespace, String key, byte[] value) {
        space(namespace).put(key, value.clone());
    }

    @Override
    public void delete(String namespace, String key) {
        space(namespace).remove(key);
    }

    @Override
    public List<String> keys(String namespace) {
        return List.copyOf(space(namespace).keySet());
    }

    private Map<String, byte[]> space(String namespace) {
        return namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>());
    }
}
