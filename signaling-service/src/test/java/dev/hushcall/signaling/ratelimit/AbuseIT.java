package dev.hushcall.signaling.ratelimit;

import dev.hushcall.signaling.testing.ServiceTest;

/** The abuse suite on the embedded default: limits counted in the node's memory. */
@ServiceTest
class AbuseIT extends AbuseContract {
}
