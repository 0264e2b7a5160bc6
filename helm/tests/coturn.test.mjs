// coturn in the chart: what it may do in the pod, the addresses it listens, relays and advertises on, the TURN
// URIs the service hands out for it, and how it is scraped and disrupted. ChartCoturnIT runs the same rendered
// config and init script against the real coturn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chart, parse, render, rendered } from "./render.mjs";

const NODES = ["--set-string", "coturn.nodeSelector.turn=true"];
const HOST_NETWORK = ["--set", "coturn.mode=hostNetwork", ...NODES];
const TLS = ["--set", "coturn.tls.enabled=true", "--set", "coturn.tls.existingSecret=tls"];
const coturnPod = (r) => (r.find("Deployment", "rel-hushcall-coturn") || r.find("DaemonSet", "rel-hushcall-coturn")).spec.template.spec;
const coturnConf = (r) => r.find("ConfigMap", "rel-hushcall-coturn").data["turnserver.conf"];
const lines = (conf) => conf.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const turnUris = (r) => parse(r.find("ConfigMap", "rel-hushcall").data["application.yml"]).hushcall.turn.uris;

/** Runs the coturn pod's init script as the kubelet would, with the pod's addresses; returns its config lines. */
export function runInitScript(r, podIps, secrets = "newest-secret,older-secret") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hushcall-coturn-init-"));
  try {
    const init = coturnPod(r).initContainers[0];
    writeFileSync(path.join(dir, "template.conf"), coturnConf(r));
    writeFileSync(path.join(dir, "secrets"), secrets);
    const script = init.command[2].replace("/etc/coturn/template/turnserver.conf", path.join(dir, "template.conf"))
      .replace("/etc/coturn/secrets/secrets", path.join(dir, "secrets"))
      .replace("/run/coturn/turnserver.conf", path.join(dir, "turnserver.conf"));
    const env = { PATH: process.env.PATH, POD_IPS: podIps };
    for (const e of init.env) if (e.value !== undefined) env[e.name] = e.value;
    const run = spawnSync("/bin/sh", ["-ec", script], { env, encoding: "utf8" });
    if (run.status !== 0) return { ok: false, error: run.stderr };
    return { ok: true, lines: lines(readFileSync(path.join(dir, "turnserver.conf"), "utf8")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const appended = (run, key) => run.lines.filter((l) => l.startsWith(key + "=")).map((l) => l.slice(key.length + 1));

test("coturn drops every capability but NET_BIND_SERVICE, the one Pod Security restricted lets a pod add back", () => {
  for (const args of [[], HOST_NETWORK]) {
    for (const c of [...coturnPod(rendered(...args)).initContainers, ...coturnPod(rendered(...args)).containers]) {
      assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }, c.name);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.equal(c.securityContext.runAsNonRoot, true);
    }
  }
});

test("a binary with the coturn image's file capability execs as nobody under the rendered capabilities, and not under none", (t) => {
  const have = (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
  if (process.getuid() !== 0 || !have("setcap") || !have("setpriv")) {
    t.skip("needs root, setcap and setpriv (libcap2-bin, util-linux) to give a file a capability");
    return;
  }
  const caps = coturnPod(rendered()).containers[0].securityContext.capabilities;
  const dir = mkdtempSync(path.join(os.tmpdir(), "hushcall-caps-"));
  try {
    // The coturn image runs `setcap cap_net_bind_service=+ep` on turnserver; a copy of true stands in for it.
    const binary = path.join(dir, "turnserver");
    copyFileSync("/bin/true", binary);
    spawnSync("chmod", ["755", dir, binary]);
    assert.equal(spawnSync("setcap", ["cap_net_bind_service=+ep", binary]).status, 0, "setcap");
    // A container's bounding set is what remains after drop, plus add.
    const bounding = ["-all", ...(caps.add || []).map((c) => "+" + c.toLowerCase())].join(",");
    const exec = (set) => spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--bounding-set=" + set, binary], { encoding: "utf8" });
    const none = exec("-all");
    assert.notEqual(none.status, 0, "the kernel refuses a file capability outside the bounding set");
    assert.match(none.stderr, /Operation not permitted/);
    const chartCaps = exec(bounding);
    assert.equal(chartCaps.status, 0, chartCaps.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("coturn listens and relays on every pod address and advertises none when no external IP is set", () => {
  const run = runInitScript(rendered(), "10.1.2.3,fd00::5");
  assert.ok(run.ok, run.error);
  assert.deepEqual(appended(run, "listening-ip"), ["10.1.2.3", "fd00::5"]);
  assert.deepEqual(appended(run, "relay-ip"), ["10.1.2.3", "fd00::5"]);
  assert.deepEqual(appended(run, "external-ip"), []);
  assert.deepEqual(appended(run, "static-auth-secret"), ["newest-secret", "older-secret"]);
  const env = coturnPod(rendered()).initContainers[0].env.find((e) => e.name === "POD_IPS");
  assert.equal(env.valueFrom.fieldRef.fieldPath, "status.podIPs");
});

test("an external IP is written in the plain form only, and coturn then relays in its family alone", () => {
  const v4 = runInitScript(rendered("--set", "coturn.externalIp=203.0.113.9"), "10.1.2.3,fd00::5");
  assert.ok(v4.ok, v4.error);
  assert.deepEqual(appended(v4, "external-ip"), ["203.0.113.9"], "never <public>/<pod IP>: coturn would allow-list the pod IP");
  assert.deepEqual(appended(v4, "listening-ip"), ["10.1.2.3", "fd00::5"]);
  assert.deepEqual(appended(v4, "relay-ip"), ["10.1.2.3"]);
  const v6 = runInitScript(rendered("--set", "coturn.externalIp=2001:db8::9"), "10.1.2.3,fd00::5");
  assert.deepEqual(appended(v6, "relay-ip"), ["fd00::5"]);
  assert.deepEqual(appended(v6, "external-ip"), ["2001:db8::9"]);
  const none = runInitScript(rendered("--set", "coturn.externalIp=2001:db8::9"), "10.1.2.3");
  assert.equal(none.ok, false);
  assert.match(none.error, /no pod address \(10\.1\.2\.3\) in the family of external IP 2001:db8::9/);
  for (const r of [rendered(), rendered(...HOST_NETWORK, "--set", "coturn.detectExternalIp=true")]) {
    assert.doesNotMatch(coturnPod(r).initContainers[0].command[2], /external-ip=[^\n]*\//);
  }
});

test("in loadBalancer mode coturn advertises the Service's loadBalancerIP, so one install is enough", () => {
  const r = rendered("--set", "coturn.service.loadBalancerIP=198.51.100.40");
  assert.equal(r.find("Service", "rel-hushcall-coturn").spec.loadBalancerIP, "198.51.100.40");
  assert.deepEqual(appended(runInitScript(r, "10.1.2.3"), "external-ip"), ["198.51.100.40"]);
  const own = rendered("--set", "coturn.service.loadBalancerIP=198.51.100.40", "--set", "coturn.externalIp=198.51.100.41");
  assert.deepEqual(appended(runInitScript(own, "10.1.2.3"), "external-ip"), ["198.51.100.41"]);
  const host = rendered(...HOST_NETWORK, "--set", "coturn.service.loadBalancerIP=198.51.100.40");
  assert.deepEqual(appended(runInitScript(host, "10.1.2.3"), "external-ip"), [], "no Service in hostNetwork mode");
});

test("turns: URIs name the port coturn listens on: tls.port in hostNetwork mode, the Service's port in loadBalancer mode", () => {
  const host = ["--set", "coturn.publicHost=turn.example.com", ...TLS];
  const hostNetwork = rendered(...host, ...HOST_NETWORK, "--set", "coturn.tls.port=5349");
  assert.ok(lines(coturnConf(hostNetwork)).includes("tls-listening-port=5349"));
  assert.equal(turnUris(hostNetwork).at(-1), "turns:turn.example.com:5349?transport=tcp");
  const lb = rendered(...host);
  assert.equal(turnUris(lb).at(-1), "turns:turn.example.com:443?transport=tcp");
  const turns = lb.find("Service", "rel-hushcall-coturn").spec.ports.find((p) => p.name === "turns");
  assert.deepEqual([turns.port, turns.targetPort], [443, "turns"]);
  assert.equal(coturnPod(lb).containers[0].ports.find((p) => p.name === "turns").containerPort, 5349);
  const production = rendered("-f", path.join(chart, "ci", "production-values.yaml"));
  const port = lines(coturnConf(production)).find((l) => l.startsWith("tls-listening-port=")).split("=")[1];
  assert.equal(turnUris(production).at(-1), `turns:turn.example.com:${port}?transport=tcp`);
});

test("hostNetwork mode without a nodeSelector is refused: coturn would bind every node it lands on", () => {
  assert.match(render("--set", "coturn.mode=hostNetwork").error, /coturn\.mode=hostNetwork needs coturn\.nodeSelector/);
  assert.deepEqual(coturnPod(rendered(...HOST_NETWORK)).nodeSelector, { turn: "true" });
});

test("with no publicHost and no URIs the service hands out no TURN URIs, never its turn:localhost default", () => {
  assert.deepEqual(turnUris(rendered()), []);
  assert.deepEqual(turnUris(rendered("--set", "coturn.enabled=false")), []);
  assert.deepEqual(turnUris(rendered("--set", "config.turn.uris[0]=turn:t.example.com:3478?transport=udp")),
    ["turn:t.example.com:3478?transport=udp"]);
});

test("loadBalancer mode holds no more allocations than it has relay ports; hostNetwork keeps totalQuota", () => {
  const quota = (...args) => lines(coturnConf(rendered(...args))).find((l) => l.startsWith("total-quota="));
  assert.equal(quota(), "total-quota=48");
  assert.equal(quota("--set", "coturn.relayPorts.max=49351"), "total-quota=200");
  assert.equal(quota("--set", "coturn.totalQuota=10"), "total-quota=10");
  assert.equal(quota(...HOST_NETWORK, "--set", "coturn.relayPorts.max=65535"), "total-quota=1200");
});

test("coturn exports Prometheus metrics on a named port the NetworkPolicy admits, and is evicted one pod at a time", () => {
  const r = rendered();
  assert.ok(lines(coturnConf(r)).includes("prometheus"));
  assert.ok(lines(coturnConf(r)).includes("prometheus-port=9641"));
  assert.deepEqual(coturnPod(r).containers[0].ports.find((p) => p.name === "metrics"), { name: "metrics", containerPort: 9641, protocol: "TCP" });
  const policy = r.find("NetworkPolicy", "rel-hushcall-coturn");
  assert.ok(policy.spec.ingress.some((rule) => rule.ports.some((p) => p.port === 9641)));
  const pdb = r.find("PodDisruptionBudget", "rel-hushcall-coturn");
  assert.equal(pdb.spec.maxUnavailable, 1);
  assert.deepEqual(pdb.spec.selector.matchLabels, r.find("Deployment", "rel-hushcall-coturn").spec.selector.matchLabels);
  const off = rendered("--set", "coturn.metrics.enabled=false", "--set", "coturn.podDisruptionBudget.enabled=false");
  assert.ok(!lines(coturnConf(off)).includes("prometheus"));
  assert.equal(off.find("PodDisruptionBudget", "rel-hushcall-coturn"), undefined);
});

test("max-allocate-lifetime bounds an allocation, since coturn checks credential expiry only on Allocate", () => {
  assert.ok(lines(coturnConf(rendered())).includes("max-allocate-lifetime=3600"));
  assert.ok(lines(coturnConf(rendered("--set", "coturn.maxAllocateLifetime=1800"))).includes("max-allocate-lifetime=1800"));
});
