// The chart README's values table and Chart.yaml's metadata (issue 17, point 12) stay true to values.yaml.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { chart, rendered, yaml } from "./render.mjs";
import { readmePath, regenerated, rows } from "./values-table.mjs";

const values = readFileSync(path.join(chart, "values.yaml"), "utf8");

test("the README's values table is the one values.yaml makes", () => {
  const readme = readFileSync(readmePath, "utf8");
  assert.ok(readme === regenerated(readme, values),
    "helm/hushcall/README.md's values table is stale: run CHART_TOOLS=helm/.tools node helm/tests/values-table.mjs --write");
});

test("every value in the table has a description", () => {
  const table = rows(values);
  assert.ok(table.length > 150, String(table.length));
  for (const [key, , , description] of table) assert.ok(description, key + " has no '# --' comment in values.yaml");
  assert.ok(table.some(([key]) => key === "redis.bundled.memory.expectedDevices"));
});

test("Chart.yaml has an icon, maintainers and Artifact Hub annotations listing the images the chart deploys", () => {
  const meta = yaml.parse(readFileSync(path.join(chart, "Chart.yaml"), "utf8"));
  assert.match(meta.icon, /^https:\/\/.+\.svg$/);
  assert.ok(meta.maintainers.length > 0 && meta.maintainers.every((m) => m.name));
  assert.equal(meta.annotations["artifacthub.io/license"], "AGPL-3.0-only");
  for (const link of yaml.parse(meta.annotations["artifacthub.io/links"])) assert.match(link.url, /^https:\/\//);
  const listed = yaml.parse(meta.annotations["artifacthub.io/images"]).map((i) => i.image).sort();
  const r = rendered("--set", "devProfile=true");
  const deployed = new Set(r.objects.flatMap((o) => {
    const spec = o.kind === "Pod" ? o.spec : o.spec?.template?.spec;
    return spec ? [...(spec.initContainers || []), ...spec.containers].map((c) => c.image) : [];
  }));
  assert.deepEqual(listed, [...deployed].sort());
});
