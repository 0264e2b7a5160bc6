package dev.hushcall.signaling.keys;

import dev.hushcall.signaling.metrics.CallMetrics;
import dev.hushcall.protocol.DeviceAddress;
import dev.hushcall.protocol.ErrorCode;
import dev.hushcall.signaling.api.ApiException;
import dev.hushcall.signaling.ratelimit.Limit;
import dev.hushcall.signaling.ratelimit.RateLimits;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Devices and their keys, as docs/protocol.md "Devices and keys" describes them. A user only ever names
 * their own devices: the user is the token's subject, and another user's device is simply unknown.
 * Logs name devices, never keys or bodies.
 */
@RestController
class KeysController {

    private static final Logger log = LoggerFactory.getLogger(KeysController.class);

    record DeviceCreated(int deviceId) {
    }

    record DeviceList(List<DeviceSummary> devices) {
    }

    record KeyBundles(String user, List<DeviceBundle> devices) {
    }

    private final KeyStore store;
    private final KeysProperties properties;
    private final KeyValidator validator;

    private final CallMetrics metrics;
    private final RateLimits limits;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    KeysController(KeyStore store, KeysProperties properties, CallMetrics metrics, RateLimits limits,
                   ApplicationEventPublisher events, Clock clock) {
        this.limits = limits;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.store = store;
        this.properties = properties;
        this.validator = new KeyValidator(properties.maxPreKeysPerUpload());
    }

    @PostMapping("/v1/devices")
    ResponseEntity<DeviceCreated> register(@AuthenticationPrincipal Jwt jwt, @RequestBody DeviceRegistration request) {
        limits.take(jwt.getSubject(), RateLimits.Check.of(Limit.REGISTRATIONS_PER_USER));
        KeyValidator.Registration registration = validator.registration(request);
        String user = jwt.getSubject();
        int deviceId = store.register(user, registration.keys(), registration.oneTimeKeys(), properties.maxDevices(),
                        clock.instant())
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, ErrorCode.TOO_MANY_DEVICES,
                        "you already have " + properties.maxDevices()
                                + " devices, the most allowed; delete one with DELETE /v1/devices/{deviceId}"));
        log.debug("Registered device {}.{}", user, deviceId);
        return ResponseEntity.created(URI.create("/v1/devices/" + deviceId)).body(new DeviceCreated(deviceId));
    }

    @GetMapping("/v1/devices")
    DeviceList devices(@AuthenticationPrincipal Jwt jwt) {
        return new DeviceList(store.devices(jwt.getSubject()));
    }

    @PutMapping("/v1/devices/{deviceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reregister(@AuthenticationPrincipal Jwt jwt, @PathVariable int deviceId,
                    @RequestBody DeviceRegistration request) {
        limits.take(jwt.getSubject(), RateLimits.Check.of(Limit.REGISTRATIONS_PER_USER));
        KeyValidator.Registration registration = validator.registration(request);
        OptionalLong replaced = store.reregister(jwt.getSubject(), deviceId, registration.keys(),
                registration.oneTimeKeys());
        if (replaced.isEmpty()) {
            throw unknownDevice(deviceId);
        }
        log.debug("Re-registered device {}.{}", jwt.getSubject(), deviceId);
        // The old registration's sockets, mailbox and calls belong to keys that no longer exist.
        events.publishEvent(new DeviceRevoked(new DeviceAddress(jwt.getSubject(), deviceId), replaced.getAsLong(),
                false));
    }

    @DeleteMapping("/v1/devices/{deviceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@AuthenticationPrincipal Jwt jwt, @PathVariable int deviceId) {
        OptionalLong removed = store.remove(jwt.getSubject(), deviceId,
                clock.instant().plus(properties.idReuseDelay()));
        if (removed.isEmpty()) {
            throw unknownDevice(deviceId);
        }
        log.debug("Removed device {}.{}", jwt.getSubject(), deviceId);
        events.publishEvent(new DeviceRevoked(new DeviceAddress(jwt.getSubject(), deviceId), removed.getAsLong(),
                true));
    }

    @PutMapping("/v1/devices/{deviceId}/keys")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void upload(@AuthenticationPrincipal Jwt jwt, @PathVariable int deviceId, @RequestBody KeyUpload request) {
        limits.take(jwt.getSubject(), RateLimits.Check.of(Limit.KEY_UPLOADS_PER_USER));
        KeyUpdate update = validator.update(request);
        switch (store.update(jwt.getSubject(), deviceId, update, properties.maxStoredPreKeys())) {
            case UPDATED -> { }
            case UNKNOWN_DEVICE -> throw unknownDevice(deviceId);
            case IDENTITY_KEY_MISMATCH -> throw new ApiException(HttpStatus.CONFLICT, ErrorCode.IDENTITY_KEY_MISMATCH,
                    "identityKey differs from the one registered for device " + deviceId
                            + "; only PUT /v1/devices/" + deviceId + " changes it");
            case TOO_MANY_PREKEYS -> throw new ApiException(HttpStatus.CONFLICT, ErrorCode.TOO_MANY_PREKEYS,
                    "device " + deviceId + " may hold at most " + properties.maxStoredPreKeys()
                            + " one-time keys of each kind; check GET /v1/devices/" + deviceId + "/keys/count");
        }
    }

    @GetMapping("/v1/devices/{deviceId}/keys/count")
    PreKeyCount count(@AuthenticationPrincipal Jwt jwt, @PathVariable int deviceId) {
        return store.count(jwt.getSubject(), deviceId).orElseThrow(() -> unknownDevice(deviceId));
    }

    @GetMapping("/v1/keys/{user}")
    KeyBundles bundles(@AuthenticationPrincipal Jwt jwt, @PathVariable String user) {
        takeBundleTokens(jwt, user);
        List<DeviceBundle> bundles = store.takeBundles(user);
        if (bundles.isEmpty()) {
            // The name is not echoed: it is whatever the caller typed.
            throw new ApiException(HttpStatus.NOT_FOUND, ErrorCode.UNKNOWN_USER, "this user has no registered devices");
        }
        metrics.bundlesFetched(bundles.size(), (int) bundles.stream().filter(b -> b.preKey() == null).count());
        return new KeyBundles(user, bundles);
    }

    /**
     * One device's bundle, in the shape of {@link #bundles} with that device alone, taking one-time keys of that
     * device only: a caller repairing its session with a device it was missing ({@code device_mismatch}) needs no
     * other device's keys, and must not spend them.
     */
    @GetMapping("/v1/keys/{user}/{deviceId}")
    KeyBundles bundle(@AuthenticationPrincipal Jwt jwt, @PathVariable String user, @PathVariable int deviceId) {
        takeBundleTokens(jwt, user);
        DeviceBundle bundle = store.takeBundle(user, deviceId).orElseThrow(() -> new ApiException(
                // The name is not echoed: it is whatever the caller typed.
                HttpStatus.NOT_FOUND, ErrorCode.UNKNOWN_DEVICE, "this user has no device " + deviceId));
        metrics.bundlesFetched(1, bundle.preKey() == null ? 1 : 0);
        return new KeyBundles(user, List.of(bundle));
    }

    /** One fetch, of one device or all: each can spend one-time prekeys of {@code user}. */
    private void takeBundleTokens(Jwt jwt, String user) {
        limits.take(jwt.getSubject(), RateLimits.Check.of(Limit.BUNDLES_PER_REQUESTER),
                new RateLimits.Check(Limit.BUNDLES_PER_PAIR, user));
    }

    private static ApiException unknownDevice(int deviceId) {
        return new ApiException(HttpStatus.NOT_FOUND, ErrorCode.UNKNOWN_DEVICE,
                "you have no device " + deviceId + "; see GET /v1/devices");
    }
}
