// Secrets under GitOps: a render that never generates, and a Redis password change that rolls Redis and the
// service together (issue 17, point 5).
import { test } from "node:test";
import assert from "node:assert/strict";
import { container, envNamed, render, rendered } from "./render.mjs";

/** Production under GitOps: nothing generated, every secret from a Secret kept elsewhere (External Secrets). */
const gitOpsValues = { "secrets.generate": false, "auth.existingSecret": "hushcall-auth",
  "turn.existingSecret": "hushcall-turn", "redis.bundled.existingSecret": "hushcall-redis" };
const sets = (values) => Object.entries(values).flatMap(([key, value]) => ["--set", `${key}=${value}`]);
const gitOps = sets(gitOpsValues);
const gitOpsWithout = (key) => sets(Object.fromEntries(Object.entries(gitOpsValues).filter(([k]) => k !== key)));
const redisPod = (r) => r.find("StatefulSet", "rel-hushcall-redis").spec.template;
const servicePod = (r) => r.find("Deployment", "rel-hushcall").spec.template;

test("with generation off and existing Secrets, two renders are identical and make no Secret", () => {
  const first = rendered(...gitOps);
  assert.equal(rendered(...gitOps).text, first.text);
  assert.deepEqual(first.objects.filter((o) => o.kind === "Secret"), []);
});

test("a generating render is not repeatable, which is why GitOps must not use it", () => {
  assert.notEqual(rendered().text, rendered().text);
});

test("with generation off, a render that would have to generate fails and names the value to set", () => {
  assert.match(render(...gitOpsWithout("auth.existingSecret")).error,
    /secrets\.generate=false and no hmac-secret given: set auth\.existingSecret/);
  assert.match(render(...gitOpsWithout("turn.existingSecret")).error,
    /secrets\.generate=false and no turn-secrets given: set turn\.existingSecret/);
  assert.match(render(...gitOpsWithout("redis.bundled.existingSecret")).error,
    /secrets\.generate=false and no redis-password given: set redis\.bundled\.existingSecret/);
});

test("with generation off, values given in place of Secrets need no generating", () => {
  const r = rendered("--set", "secrets.generate=false", "--set", "auth.jwkSetUri=https://id.example.com/jwks",
    "--set", "turn.secrets[0]=turn-0123456789abcdef0123456789abcdef", "--set", "redis.mode=external",
    "--set", "redis.external.url=redis://redis:6379", "--set", "redis.external.password=pw");
  assert.deepEqual(r.objects.filter((o) => o.kind === "Secret").map((s) => s.metadata.name).sort(),
    ["rel-hushcall-auth", "rel-hushcall-redis", "rel-hushcall-turn"]);
});

test("the bundled Redis and the service read the password from the existing Secret", () => {
  const r = rendered(...gitOps, "--set", "redis.bundled.existingSecretPasswordKey=password");
  const redis = redisPod(r).spec.containers[0];
  for (const name of ["REDIS_PASSWORD", "REDISCLI_AUTH"]) {
    assert.deepEqual(envNamed(redis, name).valueFrom.secretKeyRef, { name: "hushcall-redis", key: "password" });
  }
  assert.deepEqual(envNamed(container(r), "HUSHCALL_REDIS_PASSWORD").valueFrom.secretKeyRef,
    { name: "hushcall-redis", key: "password" });
});

test("Redis and the service carry the same password checksum, even for a generated password", () => {
  for (const args of [[], gitOps]) {
    const r = rendered(...args);
    const redis = redisPod(r).metadata.annotations["checksum/redis-secret"];
    assert.match(redis, /^[0-9a-f]{64}$/);
    assert.equal(servicePod(r).metadata.annotations["checksum/redis-secret"], redis);
  }
});

test("a new secrets.revision rolls the bundled Redis and the service, and nothing else changes", () => {
  const before = rendered(...gitOps, "--set", "secrets.revision=2026-01-01");
  const after = rendered(...gitOps, "--set", "secrets.revision=2026-02-01");
  const redisKey = (r) => redisPod(r).metadata.annotations["checksum/redis-secret"];
  assert.notEqual(redisKey(after), redisKey(before));
  assert.equal(servicePod(after).metadata.annotations["checksum/redis-secret"], redisKey(after));
  assert.notEqual(servicePod(after).metadata.annotations["checksum/secrets"],
    servicePod(before).metadata.annotations["checksum/secrets"]);
  assert.equal(redisPod(after).metadata.annotations["checksum/config"], redisPod(before).metadata.annotations["checksum/config"]);
});

test("a new secrets.revision rolls coturn too, which reads the TURN secrets at start", () => {
  const coturnPod = (r) => r.objects.find((o) => o.metadata?.name === "rel-hushcall-coturn"
    && ["Deployment", "DaemonSet"].includes(o.kind)).spec.template;
  const key = (revision) => coturnPod(rendered(...gitOps, "--set", "secrets.revision=" + revision))
    .metadata.annotations["checksum/secrets"];
  assert.notEqual(key("2026-01-01"), key("2026-02-01"));
});

test("a revision given as a number with --set counts as well", () => {
  const key = (revision) => servicePod(rendered(...gitOps, "--set", "secrets.revision=" + revision))
    .metadata.annotations["checksum/redis-secret"];
  assert.notEqual(key(2), key(3));
});

test("a new external Redis password rolls the service", () => {
  const external = ["--set", "redis.mode=external", "--set", "redis.external.url=redis://redis:6379"];
  const key = (pw) => servicePod(rendered(...external, "--set", "redis.external.password=" + pw))
    .metadata.annotations["checksum/redis-secret"];
  assert.notEqual(key("old-password"), key("new-password"));
});
