package dev.hushcall.client.api;

record Registered(int deviceId) {
}
