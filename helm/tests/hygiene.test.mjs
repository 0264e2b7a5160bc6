// Housekeeping (issue 17, point 12): the JVM sized by the CPU request, an optional Gateway API route, and no tool
// binaries in git.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { chart, container, envNamed, render, rendered } from "./render.mjs";

const javaOptions = (...args) => envNamed(container(rendered(...args)), "JAVA_TOOL_OPTIONS").value;

test("the JVM counts as many processors as the CPU request, rounded up, and at least two", () => {
  assert.match(javaOptions(), / -XX:ActiveProcessorCount=2$/);
  assert.match(javaOptions("--set", "resources.requests.cpu=3"), / -XX:ActiveProcessorCount=3$/);
  assert.match(javaOptions("--set", "resources.requests.cpu=2500m"), / -XX:ActiveProcessorCount=3$/);
  assert.match(javaOptions("--set", "resources.requests.cpu=1.5"), / -XX:ActiveProcessorCount=2$/);
  assert.equal(javaOptions("--set", "jvmOptions=-XX:ActiveProcessorCount=8"), "-XX:ActiveProcessorCount=8");
});

test("the HTTPRoute, when enabled, sends everything to the API port of the service", () => {
  assert.equal(rendered().find("HTTPRoute"), undefined);
  const route = rendered("--set", "httpRoute.enabled=true", "--set", "httpRoute.parentRefs[0].name=public",
    "--set", "httpRoute.hostnames[0]=call.example.com").find("HTTPRoute", "rel-hushcall");
  assert.deepEqual(route.spec.parentRefs, [{ name: "public" }]);
  assert.deepEqual(route.spec.hostnames, ["call.example.com"]);
  const [rule] = route.spec.rules;
  assert.deepEqual(rule.backendRefs, [{ name: "rel-hushcall", port: 80 }]);
  assert.equal(rule.timeouts.request, "0s");
  assert.match(render("--set", "httpRoute.enabled=true").error, /needs httpRoute\.parentRefs/);
});

test("no chart tool is tracked by git and helm/.tools is ignored, so the chart checks leave the tree clean", () => {
  const git = (...args) => spawnSync("git", args, { cwd: chart, encoding: "utf8" });
  assert.equal(git("rev-parse", "--is-inside-work-tree").stdout.trim(), "true", "the chart tests run in a git checkout");
  const tools = path.join(chart, "..", ".tools");
  assert.equal(git("ls-files", "--", tools).stdout, "");
  assert.equal(git("check-ignore", "-q", path.join(tools, "bin", "helm")).status, 0, "helm/.tools/ is not git-ignored");
  assert.equal(git("status", "--porcelain", "--", tools).stdout, "");
});
