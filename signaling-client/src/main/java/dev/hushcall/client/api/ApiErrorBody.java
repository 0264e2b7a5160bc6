package dev.hushcall.client.api;

/** Every REST error body: {@code {code, message}}. The code is read as a string so unknown codes survive. */
record ApiErrorBody(String code, String message) {
}
