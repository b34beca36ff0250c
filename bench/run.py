#!/usr/bin/env python3
"""Runs the benchmark scenarios with k6 against a running server and prints one Markdown table.

For each scenario and client count: p50, p95, p99 and requests per second from k6; statements and
SQL time per request from pg_stat_statements (reset before each run); and the ratio of server time
(k6's time to first byte) to SQL time. With --plans, the plan of every statement a scenario's
request runs is kept from auto_explain (EXPLAIN ANALYZE, BUFFERS) in that directory.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCENARIOS = [
    "eu-search-citizen",
    "eu-search-org-73k",
    "eu-search-org-73k-common-term",
    "eu-search-org-73k-rare-term",
    "eu-search-person-73k",
    "eu-search-sub-units",
    "eu-search-pro-10k-100-parties",
    "eu-search-pro-10k-all",
    "eu-search-pro-10k-all-common-term",
    "eu-search-pro-10k-all-rare-term",
    "eu-search-pro-50k-all",
    "so-search-org",
    "so-search-party",
    "so-search-text",
    "eu-get-dialog",
    "so-get-dialog",
    "so-create-dialog",
    "so-create-transmission",
    "portal-inbox-citizen",
    "portal-inbox-org-73k",
    "portal-inbox-pro-10k-all",
    "portal-inbox-pro-50k-all",
    "portal-dialog",
]


def psql(url, sql):
    done = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-F", "\t", url, "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return done.stdout.strip()


def run_statements(url, sql):
    """Runs each `;`-separated statement on its own (VACUUM may not run in a transaction)."""
    for statement in sql.split(";"):
        if statement.strip():
            psql(url, statement)


def sql_totals(url):
    row = psql(
        url,
        "select coalesce(sum(calls), 0), coalesce(sum(total_exec_time + total_plan_time), 0) "
        "from pg_stat_statements where query not ilike '%pg_stat_statements%' "
        "and query not ilike 'set %' and query not ilike 'show %'",
    )
    calls, total = row.split("\t")
    return int(calls), float(total)


def run_k6(args, scenario, vus, duration, summary):
    env = dict(os.environ, SCENARIO=scenario, VUS=str(vus), DURATION=duration,
               PERSONAS=str(args.personas), BASE_URL=args.base_url, SUMMARY=str(summary))
    done = subprocess.run(
        [args.k6, "run", "--quiet", "--no-usage-report", str(HERE / "k6" / "scenarios.js")],
        env=env, capture_output=True, text=True,
    )
    if done.returncode not in (0, 99):
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-4000:])
        raise SystemExit(f"k6 failed for {scenario} ({done.returncode})")
    if done.stderr.strip():
        sys.stderr.write("".join(f"  {line}\n" for line in done.stderr.strip().splitlines()[-5:]))
    return json.loads(summary.read_text())


def measure(args, scenario, vus):
    summary = args.work / f"{scenario}-{vus}.json"
    psql(args.database_url, "select pg_stat_statements_reset()")
    result = run_k6(args, scenario, vus, args.duration, summary)
    calls, sql_ms = sql_totals(args.database_url)
    metrics = result["metrics"]
    duration = metrics["http_req_duration{measure:yes}"]["values"]
    waiting = metrics["http_req_waiting{measure:yes}"]["values"]
    requests = metrics["http_reqs{measure:yes}"]["values"]
    checks = metrics.get("checks{measure:yes}", {}).get("values", {})
    count = max(requests["count"], 1)
    per_request_sql = sql_ms / count
    return {
        "scenario": scenario,
        "vus": vus,
        "requests": int(requests["count"]),
        "ok": checks.get("rate", 0.0),
        "p50": duration["med"],
        "p95": duration["p(95)"],
        "p99": duration["p(99)"],
        "rps": requests["rate"],
        "statements": calls / count,
        "sql_ms": per_request_sql,
        "server_to_sql": (waiting["avg"] / per_request_sql) if per_request_sql > 0 else float("nan"),
    }


def keep_plans(args, scenario):
    """One request with auto_explain logging every statement's plan, copied out of the log."""
    log = Path(args.cluster_log)
    start = log.stat().st_size if log.exists() else 0
    summary = args.work / f"{scenario}-plan.json"
    env_duration = "1s"
    run_k6(args, scenario, 1, env_duration, summary)
    time.sleep(0.5)
    with log.open("rb") as handle:
        handle.seek(start)
        text = handle.read().decode("utf-8", "replace")
    (args.plans / f"{scenario}.txt").write_text(text)


def table(rows, dialogs):
    lines = [
        f"Data set: {dialogs:,} dialogs. Machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"{platform.system()} {platform.release()}; PostgreSQL on the same machine.",
        "",
        "| scenario | clients | p50 ms | p95 ms | p99 ms | req/s | ok | statements/req | SQL ms/req | server/SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['scenario']} | {row['vus']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} "
            f"| {row['rps']:.0f} | {row['ok']:.0%} | {row['statements']:.1f} | {row['sql_ms']:.2f} "
            f"| {row['server_to_sql']:.2f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k6", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--personas", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--plans", type=Path)
    parser.add_argument("--cluster-log")
    parser.add_argument("--plans-off-sql", help="SQL that turns plan logging off after the plans pass")
    parser.add_argument("--after-writes-sql",
                        help="SQL that takes the data back to the generated set after a scenario that writes")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--require-ok", action="store_true",
                        help="fail unless every request of every scenario got its expected answer")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    scenarios = [name for name in args.scenarios.split(",") if name]
    if args.plans:
        args.plans.mkdir(parents=True, exist_ok=True)
        for scenario in scenarios:
            if scenario.startswith(("eu-search", "so-search", "portal-inbox")):
                keep_plans(args, scenario)
        if args.plans_off_sql:
            run_statements(args.database_url, args.plans_off_sql)
    rows = []
    for scenario in scenarios:
        for vus in [int(value) for value in args.clients.split(",")]:
            row = measure(args, scenario, vus)
            rows.append(row)
            print(f"  {scenario} x{vus}: p95 {row['p95']:.1f} ms, {row['rps']:.0f}/s, ok {row['ok']:.0%}",
                  file=sys.stderr, flush=True)
        # The creates put thousands of dialogs at the head of the 73k organisation's recency
        # indexes; every later scenario measures the generated data set instead.
        if scenario.startswith("so-create") and args.after_writes_sql:
            run_statements(args.database_url, args.after_writes_sql)
    dialogs = json.loads(args.personas.read_text())["dialogs"]
    output = table(rows, dialogs)
    print(output)
    if args.out:
        args.out.write_text(output + "\n")
    failed = [f"{row['scenario']} x{row['vus']}" for row in rows if row["ok"] < 1.0 or row["requests"] == 0]
    if args.require_ok and failed:
        raise SystemExit(f"scenarios without their expected answers: {', '.join(failed)}")


if __name__ == "__main__":
    main()
