package dev.hushcall.client.api;

/** A signed public prekey (EC or Kyber) as the REST API carries it: base64 key and signature. */
public record SignedKey(int keyId, String publicKey, String signature) {
}
