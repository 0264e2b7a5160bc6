#!/usr/bin/env python3
"""Prints one Gatling report's numbers as shell assignments: the benchmark's only view of a run.

Gatling 3.15 writes its statistics into the report's index.html (no stats.json any more); each request row has
the columns total, ok, ko, ko %, req/s, min, p50, p95, p99, p99.9, max, mean, stddev (percentiles as configured in
gatling.conf). Usage: gatling-stats.py REPORT_DIR
"""
import html
import re
import sys

COLUMNS = ["total", "ok", "ko", "ko_pct", "rps", "min", "p50", "p95", "p99", "p999", "max", "mean", "stddev"]


def rows(page):
    for row in re.finditer(r'<tr id="([^"]+)"[^>]*>(.*?)</tr>', page, re.S):
        name = re.search(r'class="ellipsed-name">([^<]*)<', row.group(2))
        values = re.findall(r'<td class="value [^"]*col-(\d+)">([^<]*)</td>', row.group(2))
        if name and values:
            yield html.unescape(name.group(1)).strip(), {COLUMNS[int(c) - 2]: v for c, v in values}


def main():
    page = open(sys.argv[1] + "/index.html", encoding="utf-8").read()
    stats = dict(rows(page))
    wanted = {"all": stats.get("All Requests") or stats.get("Global"), "offer": stats.get("offer → answer"),
              "delivered": stats.get("frames delivered"), "refused": stats.get("offer refused")}
    for prefix, values in wanted.items():
        for key in COLUMNS:
            value = (values or {}).get(key, "-").replace(",", "")
            print(f"{prefix}_{key}={value}")


if __name__ == "__main__":
    main()
