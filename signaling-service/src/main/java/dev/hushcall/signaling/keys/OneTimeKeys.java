package dev.hushcall.signaling.keys;

import java.util.List;

/** A verified batch of one-time prekeys; key ids are unique within each list. */
public record OneTimeKeys(List<PreKey> preKeys, List<SignedPreKey> kyberPreKeys) {

    public static final OneTimeKeys NONE = new OneTimeKeys(List.of(), List.of());

    public OneTimeKeys {
        preKeys = List.copyOf(preKeys);
        kyberPreKeys = List.copyOf(kyberPreKeys);
    }
}
