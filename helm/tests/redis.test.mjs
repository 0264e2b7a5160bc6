// The bundled Redis (issue 17, point 9): a patched image, maxmemory sized from the expected devices, a
// PodDisruptionBudget, and a start script that restores a backup, run here against a real redis-server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { render, rendered } from "./render.mjs";

const redisPod = (r) => r.find("StatefulSet", "rel-hushcall-redis").spec.template.spec.containers[0];
const redisFiles = (r) => r.find("ConfigMap", "rel-hushcall-redis").data;
const maxmemory = (r) => Number(redisFiles(r)["redis.conf"].match(/^maxmemory (\d+)$/m)[1]);

test("the bundled Redis image is 7.2.11 or later (the Lua fixes up to CVE-2025-49844)", () => {
  const image = redisPod(rendered()).image;
  const [major, minor, patch] = image.match(/:(\d+)\.(\d+)\.(\d+)/).slice(1).map(Number);
  assert.ok(major > 7 || (major === 7 && (minor > 2 || (minor === 2 && patch >= 11))), image);
});

test("maxmemory is the expected devices times the measured bytes per device, plus the base", () => {
  assert.equal(maxmemory(rendered()), 1000 * 300000 + 67108864);
  const big = rendered("--set", "redis.bundled.memory.expectedDevices=20000");
  assert.equal(maxmemory(big), 20000 * 300000 + 67108864);
  assert.equal(redisFiles(big)["redis.conf"].match(/^maxmemory-policy (.+)$/m)[1], "noeviction");
});

test("the container's memory is maxmemory and half again unless a limit is given", () => {
  const computed = redisPod(rendered("--set", "redis.bundled.memory.expectedDevices=20000")).resources;
  const mi = Math.ceil((20000 * 300000 + 67108864) * 1.5 / 1048576);
  assert.deepEqual(computed, { requests: { cpu: "100m", memory: `${mi}Mi` }, limits: { memory: `${mi}Mi` } });
  const given = redisPod(rendered("--set", "redis.bundled.resources.limits.memory=2Gi")).resources;
  assert.equal(given.limits.memory, "2Gi");
});

test("an explicit maxmemory wins, and a memory limit Redis would outgrow is refused", () => {
  assert.equal(maxmemory(rendered("--set", "redis.bundled.maxmemory=2gb")), 2 * 1024 ** 3);
  assert.match(render("--set", "redis.bundled.resources.limits.memory=256Mi").error,
    /limits\.memory \(256Mi\) must be at least 1\.2 × maxmemory \(367108864 bytes\)/);
});

test("a PodDisruptionBudget keeps node drains from evicting the only Redis", () => {
  const pdb = rendered().find("PodDisruptionBudget", "rel-hushcall-redis");
  assert.equal(pdb.spec.maxUnavailable, 0);
  assert.equal(pdb.spec.selector.matchLabels["app.kubernetes.io/component"], "redis");
  assert.equal(rendered("--set", "redis.bundled.podDisruptionBudget.enabled=false").find("PodDisruptionBudget", "rel-hushcall-redis"), undefined);
  assert.equal(rendered("--set", "redis.mode=none", "--set", "replicaCount=1").find("PodDisruptionBudget", "rel-hushcall-redis"), undefined);
});

async function freePort() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const cli = (port, ...args) => spawnSync("redis-cli", ["-p", String(port), ...args],
  { encoding: "utf8", env: { ...process.env, REDISCLI_AUTH: "restore-test" } }).stdout.trim();

async function until(what, check) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await sleep(100);
  }
  assert.fail("timed out waiting until " + what);
}

test("the start script loads a backup dropped at restore.rdb into the append-only file, once", async () => {
  assert.equal(spawnSync("redis-server", ["--version"]).error, undefined, "redis-server is missing (scripts/test installs it)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "hushcall-redis-restore-"));
  const started = [];
  try {
    // A backup, as redis-cli --rdb takes one: a Redis with 50 keys, saved.
    mkdirSync(path.join(dir, "source"));
    const sourcePort = await freePort();
    started.push(spawn("redis-server", ["--port", String(sourcePort), "--dir", path.join(dir, "source"), "--save", "",
      "--requirepass", "restore-test"], { stdio: "ignore" }));
    await until("the source Redis answers", () => cli(sourcePort, "ping") === "PONG");
    for (let i = 0; i < 50; i++) cli(sourcePort, "set", `devices:{user${i}}`, "keys");
    cli(sourcePort, "save");
    mkdirSync(path.join(dir, "data"));
    copyFileSync(path.join(dir, "source", "dump.rdb"), path.join(dir, "data", "restore.rdb"));

    // The chart's redis.conf and start script, on a free port and a temporary directory.
    const port = await freePort();
    const files = redisFiles(rendered());
    writeFileSync(path.join(dir, "redis.conf"), files["redis.conf"].replace(/^port 6379$/m, `port ${port}`)
      .replace(/^dir \/data$/m, `dir ${path.join(dir, "data")}`));
    writeFileSync(path.join(dir, "start.sh"), files["start.sh"]);
    const env = { ...process.env, REDIS_CONF: path.join(dir, "redis.conf"), REDIS_DATA: path.join(dir, "data"),
      REDIS_PASSWORD: "restore-test", REDISCLI_AUTH: "restore-test" };
    const start = async () => {
      const redis = spawn("sh", [path.join(dir, "start.sh")], { env, stdio: "ignore" });
      started.push(redis);
      // While it restores, a first Redis answers on the same port; the backup is renamed once that one is gone.
      await until("the chart's Redis answers after any restore",
        () => !existsSync(path.join(dir, "data", "restore.rdb")) && cli(port, "ping") === "PONG");
      return redis;
    };
    const stop = async (redis) => {
      redis.kill("SIGTERM");
      await new Promise((resolve) => redis.once("exit", resolve));
    };

    let redis = await start();
    assert.equal(cli(port, "dbsize"), "50");
    assert.equal(cli(port, "config", "get", "appendonly").split("\n")[1], "yes");
    cli(port, "set", "written-after-restore", "1");
    await stop(redis);
    const leftovers = readdirSync(path.join(dir, "data"));
    assert.ok(!leftovers.includes("restore.rdb"), "the backup is loaded once");
    assert.ok(leftovers.some((f) => /^restored-\d{8}T\d{6}Z\.rdb$/.test(f)), leftovers.join());

    // Restarted without a backup, Redis comes back from its append-only file: the restore and what came after.
    redis = await start();
    assert.equal(cli(port, "dbsize"), "51");
    await stop(redis);
  } finally {
    for (const p of started) p.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
