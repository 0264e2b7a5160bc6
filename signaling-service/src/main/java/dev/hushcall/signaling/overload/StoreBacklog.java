package dev.hushcall.signaling.overload;

/** How far behind the node's shared store is: what {@link Shedding} watches. */
@FunctionalInterface
public interface StoreBacklog {

    /** A store in this process's memory never waits on the network. */
    StoreBacklog NONE = () -> 0;

    /** How long the oldest request still waiting for its round trip has waited, in ns; 0 when none waits. */
    long oldestWaitNanos();
}
