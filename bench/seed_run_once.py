#!/usr/bin/env python3
"""The course's approach as one process, run once: what `velib run` replaces, for the start-up comparison.

json.load of both GBFS documents, the list filter on stationCode, the join of status with information, then the
sum per postcode looked up in the CSV table (stationCode,station_id,postcode,city). Prints one JSON line per
postcode on stdout. Standard library only; bench/startup.sh times this whole process.

usage: seed_run_once.py STATUS_JSON INFORMATION_JSON POSTCODES_CSV [--stations 16107,32017|all]
"""
import argparse
import csv
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("status")
    parser.add_argument("information")
    parser.add_argument("postcodes")
    parser.add_argument("--stations", default="16107,32017")
    args = parser.parse_args()

    with open(args.status, "rb") as f:
        status = json.load(f)
    with open(args.information, "rb") as f:
        information = json.load(f)
    with open(args.postcodes, newline="", encoding="utf-8") as f:
        table = {row["stationCode"]: row for row in csv.DictReader(f) if row["postcode"]}

    # The course's filter: a list comprehension over the whole feed, on stationCode.
    if args.stations == "all":
        kept = status["data"]["stations"]
        infos = information["data"]["stations"]
    else:
        stations = args.stations.split(",")
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

    for postcode in sorted(totals):
        print(json.dumps(totals[postcode], ensure_ascii=False))


if __name__ == "__main__":
    main()
