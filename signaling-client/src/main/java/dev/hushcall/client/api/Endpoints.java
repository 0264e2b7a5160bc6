package dev.hushcall.client.api;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's base URIs: usually one (a load balancer), or several nodes to fail over between. A request
 * that cannot connect moves on to the next; so does every reconnection of the socket, which spreads devices
 * over the nodes and steers them away from one that died or is draining.
 */
public final class Endpoints {

    private final List<URI> uris;
    private final AtomicInteger index = new AtomicInteger();

    public Endpoints(List<URI> uris) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one base URI is needed");
        }
        this.uris = List.copyOf(uris);
    }

    public static Endpoints of(URI uri) {
        return new Endpoints(List.of(uri));
    }

    public URI current() {
        return uris.get(Math.floorMod(index.get(), uris.size()));
    }

    /** Moves on from {@code failed}, unless another thread already did. */
    public void failed(URI failed) {
        int seen = index.get();
        if (uris.get(Math.floorMod(seen, uris.size())).equals(failed)) {
            index.compareAndSet(seen, seen + 1);
        }
    }

    /** Moves on to the next base URI. */
    public void rotate() {
        index.incrementAndGet();
    }

    public int size() {
        return uris.size();
    }
}
