package dev.hushcall.signaling.keys;

import dev.hushcall.protocol.DeviceAddress;

/**
 * Published, synchronously, once a device was deleted or re-registered: everything issued to {@code generation} of
 * the device (its sockets on every node, its mailbox, its place in calls) must go. Tickets of that generation are
 * refused already, because they no longer match the store.
 *
 * @param deleted true when the device is gone, false when it was re-registered and lives on under a new generation
 */
public record DeviceRevoked(DeviceAddress device, long generation, boolean deleted) {
}
