#!/usr/bin/env python3
"""The course's approach as one process, run once: what `velib run` replaces, for the start-up comparison.

json.load of both GBFS documents, the list filter on stationCode, the join of status with information, then the
sum per postcode looked up in the CSV table (stationCode,station_id,postcode,city). Prints one JSON line per
postcode on stdout. Standard library only; bench/startup.sh times this whole process.

With --repeat N, the tick (parse both documents already read, filter, join, sum) runs N times in this process and
the median time of one pass is printed on stderr as velib's --repeat prints it ("median of N passes: X ms"), for
bench/tick.sh.

usage: seed_run_once.py STATUS_JSON INFORMATION_JSON POSTCODES_CSV [--stations 16107,32017|all] [--repeat N]
"""
import argparse
import csv
import json
import statistics
import sys
import time


def tick(status_bytes, information_bytes, table, selection):
    status = json.loads(status_bytes)
    information = json.loads(information_bytes)

    # The course's filter: a list comprehension over the whole feed, on stationCode.
    if selection == "all":
        kept = status["data"]["stations"]
        infos = information["data"]["stations"]
    else:
        stations = selection.split(",")
        kept = [s for s in status["data"]["stations"] if s["stationCode"] in stations]
        infos = [s for s in information["data"]["stations"] if s["stationCode"] in stations]

    # The join on stationCode, then the sum per postcode.
    by_code = {s["stationCode"]: s for s in infos}
    totals = {}
    for s in kept:
        row = table.get(s["stationCode"])
        if row is None or s["stationCode"] not in by_code:
            continue
        types = {}
        for t in s.get("num_bikes_available_types") or []:
            types.update(t)
        total = totals.setdefault(row["postcode"], {
            "postcode": row["postcode"], "city": row["city"], "totalBikes": 0, "mechanicalBikes": 0,
            "electricBikes": 0, "docksAvailable": 0, "stationCount": 0, "stationCodes": []})
        total["totalBikes"] += s.get("num_bikes_available") or 0
        total["mechanicalBikes"] += types.get("mechanical", 0)
        total["electricBikes"] += types.get("ebike", 0)
        total["docksAvailable"] += s.get("num_docks_available") or 0
        total["stationCount"] += 1
        total["stationCodes"].append(s["stationCode"])
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("status")
    parser.add_argument("information")
    parser.add_argument("postcodes")
    parser.add_argument("--stations", default="16107,32017")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat: a whole number of 1 or more")

    with open(args.status, "rb") as f:
        status_bytes = f.read()
    with open(args.information, "rb") as f:
        information_bytes = f.read()
    with open(args.postcodes, newline="", encoding="utf-8") as f:
        table = {row["stationCode"]: row for row in csv.DictReader(f) if row["postcode"]}

    elapsed = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        totals = tick(status_bytes, information_bytes, table, args.stations)
        elapsed.append((time.perf_counter() - start) * 1000)
    if args.repeat > 1:
        print(f"median of {args.repeat} passes: {statistics.median(elapsed):.3f} ms", file=sys.stderr)

    for postcode in sorted(totals):
        print(json.dumps(totals[postcode], ensure_ascii=False))


if __name__ == "__main__":
    main()
