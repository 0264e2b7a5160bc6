// The chart's coturn config and turn-config/turnserver.prod.conf.template (what ProductionTemplateIT proves
// against the real coturn) must say the same thing on every hardening line. A line only one of them has, or a
// fixed value they disagree on, fails here; the few that differ on purpose are listed with the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { chart, repo, rendered } from "./render.mjs";

const TEMPLATE = path.join(repo, "turn-config", "turnserver.prod.conf.template");

/** Sized per install rather than hardening: the template's value is an example. */
const SIZED = new Set(["total-quota"]);
/** Only in the chart, and why. */
const CHART_ONLY = {
  prometheus: "the coturn image has the exporter; Debian's coturn (the template's) reads the line as a bad format",
  "prometheus-port": "as prometheus",
  "no-tls": "the chart can run without TLS (coturn.tls.enabled=false); the template always has a certificate",
};
const TLS_KEYS = ["tls-listening-port", "cert", "pkey", "no-tlsv1", "no-tlsv1_1", "cipher-list"];

/** key → values, in order, of a coturn config (comments and blank lines skipped). */
function directives(text) {
  const map = new Map();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const [key, value] = eq < 0 ? [line, ""] : [line.slice(0, eq), line.slice(eq + 1)];
    map.set(key, [...(map.get(key) || []), value]);
  }
  return map;
}

function chartConfig(r) {
  const spec = (r.find("Deployment", "rel-hushcall-coturn") || r.find("DaemonSet", "rel-hushcall-coturn")).spec.template.spec;
  return { conf: directives(r.find("ConfigMap", "rel-hushcall-coturn").data["turnserver.conf"]), script: spec.initContainers[0].command[2] };
}

/** Every way the chart's config differs from the template's, as sentences. */
function drift(r, { tls }) {
  const template = directives(readFileSync(TEMPLATE, "utf8"));
  const { conf, script } = chartConfig(r);
  const problems = [];
  for (const [key, values] of template) {
    if (!tls && TLS_KEYS.includes(key)) continue;
    if (values.some((v) => v.includes("@@"))) {
      // Filled in per site: the chart must set it, in the ConfigMap or from the init script.
      if (!conf.has(key) && !script.includes(`${key}=`)) problems.push(`${key}: in the template, never set by the chart`);
    } else if (!SIZED.has(key) && JSON.stringify([...values].sort()) !== JSON.stringify([...(conf.get(key) || [])].sort())) {
      problems.push(`${key}: template ${JSON.stringify(values)}, chart ${JSON.stringify(conf.get(key) || [])}`);
    }
  }
  for (const key of conf.keys()) {
    if (!template.has(key) && !(key in CHART_ONLY)) problems.push(`${key}: in the chart, not in the template`);
  }
  return problems;
}

test("the chart's coturn config with TLS has every hardening line of the production template, with the same values", () => {
  assert.deepEqual(drift(rendered("-f", path.join(chart, "ci", "production-values.yaml")), { tls: true }), []);
});

test("without TLS the chart keeps every other hardening line and turns TLS off", () => {
  const r = rendered();
  assert.deepEqual(drift(r, { tls: false }), []);
  assert.ok(chartConfig(r).conf.has("no-tls"));
});

test("the drift check notices a changed deny range, a dropped line and a line only the chart has", () => {
  const production = ["-f", path.join(chart, "ci", "production-values.yaml")];
  const fewer = rendered(...production, "--set", "coturn.deniedPeerIps[0]=10.0.0.0-10.255.255.255");
  assert.match(drift(fewer, { tls: true }).join("\n"), /^denied-peer-ip: template/m);
  const extra = rendered(...production, "--set", "coturn.extraConfig=allow-loopback-peers");
  assert.deepEqual(drift(extra, { tls: true }), ["allow-loopback-peers: in the chart, not in the template"]);
  const noQuota = rendered(...production, "--set", "coturn.maxBps=0");
  assert.deepEqual(drift(noQuota, { tls: true }), ['max-bps: template ["64000"], chart []']);
});
