// Alerts, scraping and the dashboard (issue 17, point 6): promtool unit tests of every alert against the rules
// the chart renders, and a PodMonitor that keeps scraping draining pods.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { render, rendered, yaml } from "./render.mjs";

const alertTests = path.join(path.dirname(fileURLToPath(import.meta.url)), "alerts");
const testFiles = readdirSync(alertTests).filter((f) => f.endsWith(".test.yaml"));
// A fixed runbook base, so the chart version in the default one does not reach the promtool cases.
const rules = () => rendered("--set", "prometheusRule.enabled=true",
  "--set", "prometheusRule.runbookBaseUrl=https://runbooks.example/kubernetes.md").find("PrometheusRule").spec.groups;
const alertNames = () => rules().flatMap((g) => g.rules).map((r) => r.alert).filter(Boolean);

test("promtool's unit tests of the alerts pass against the rules the chart renders", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hushcall-alerts-"));
  try {
    // The test files name rules.yaml, resolved next to themselves.
    writeFileSync(path.join(dir, "rules.yaml"), yaml.stringify({ groups: rules() }));
    for (const file of testFiles) copyFileSync(path.join(alertTests, file), path.join(dir, file));
    const result = spawnSync("promtool", ["test", "rules", ...testFiles], { cwd: dir, encoding: "utf8" });
    assert.ok(!result.error, "promtool is missing (Debian package prometheus; scripts/test installs it): " + result.error);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every alert has a promtool case where it fires and one where it stays quiet", () => {
  const cases = testFiles.flatMap((f) => yaml.parse(readFileSync(path.join(alertTests, f), "utf8")).tests)
    .flatMap((t) => t.alert_rule_test || []);
  const names = alertNames();
  assert.ok(names.length >= 9, names.join());
  for (const name of names) {
    const mine = cases.filter((c) => c.alertname === name);
    assert.ok(mine.some((c) => c.exp_alerts?.length), name + " never fires in a test");
    assert.ok(mine.some((c) => !c.exp_alerts?.length), name + " is never tested quiet");
  }
});

test("the PodMonitor scrapes the service's pods with the job the alerts select", () => {
  const r = rendered("--set", "podMonitor.enabled=true", "--set", "podMonitor.labels.release=prometheus");
  const monitor = r.find("PodMonitor", "rel-hushcall");
  assert.equal(monitor.metadata.labels.release, "prometheus");
  assert.equal(monitor.spec.selector.matchLabels["app.kubernetes.io/component"], "signaling");
  const endpoint = monitor.spec.podMetricsEndpoints[0];
  assert.equal(endpoint.port, "management");
  assert.equal(endpoint.path, "/actuator/prometheus");
  assert.deepEqual(endpoint.relabelings, [{ action: "replace", targetLabel: "job", replacement: "rel-hushcall" }]);
  const drain = rendered("--set", "prometheusRule.enabled=true").find("PrometheusRule").spec.groups
    .flatMap((g) => g.rules).find((rule) => rule.alert === "HushcallDrainTooLong");
  assert.match(drain.expr, /job="rel-hushcall"/);
  assert.equal(r.find("ServiceMonitor"), undefined);
});

test("a ServiceMonitor and a PodMonitor at once are refused", () => {
  assert.match(render("--set", "podMonitor.enabled=true", "--set", "serviceMonitor.enabled=true").error,
    /scrape every pod twice/);
});

test("runbook URLs point at this chart version's docs, or at the base given", () => {
  const runbooks = (...args) => rendered("--set", "prometheusRule.enabled=true", ...args).find("PrometheusRule")
    .spec.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => r.annotations.runbook_url);
  const version = yaml.parse(readFileSync(path.join(fileURLToPath(new URL("../hushcall/Chart.yaml", import.meta.url))), "utf8")).version;
  for (const url of runbooks()) {
    assert.ok(url.startsWith(`https://github.com/hushcall/hushcall/blob/hushcall-${version}/docs/kubernetes.md#hushcall`), url);
  }
  for (const url of runbooks("--set", "prometheusRule.runbookBaseUrl=https://wiki.example.com/hushcall")) {
    assert.match(url, /^https:\/\/wiki\.example\.com\/hushcall#hushcall[a-z]+$/);
  }
});

test("every alert's runbook anchor is a heading of docs/kubernetes.md", () => {
  const docs = readFileSync(fileURLToPath(new URL("../../docs/kubernetes.md", import.meta.url)), "utf8");
  const anchors = new Set([...docs.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")));
  for (const rule of rules().flatMap((g) => g.rules).filter((r) => r.alert)) {
    assert.ok(anchors.has(rule.annotations.runbook_url.split("#")[1]), rule.alert);
  }
});
