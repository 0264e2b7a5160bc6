package dev.hushcall.client.api;

record TicketRequest(int deviceId) {
}
