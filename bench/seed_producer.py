#!/usr/bin/env python3
"""The seed's producer tick, timed: what the course's Python producer does with the two GBFS documents.

Each pass: json.loads of both documents (already read into memory, as `velib snapshot --repeat` has them),
the list filter on stationCode, the join of status with information on stationCode, and the JSON of each
message to publish. Prints "median of N passes: X ms" on stdout. Standard library only.

usage: seed_producer.py STATUS_JSON INFORMATION_JSON [--stations 16107,32017|all] [--repeat N]
"""
import argparse
import json
import statistics
import time


def tick(status_bytes, information_bytes, stations):
    status = json.loads(status_bytes)
    information = json.loads(information_bytes)

    # The course's filter: a list comprehension over the whole feed, on stationCode.
    if stations is None:
        kept = status["data"]["stations"]
        infos = information["data"]["stations"]
    else:
        kept = [s for s in status["data"]["stations"] if s["stationCode"] in stations]
        infos = [s for s in information["data"]["stations"] if s["stationCode"] in stations]

    # The join on stationCode, then one message per station.
    by_code = {s["stationCode"]: s for s in infos}
    messages = []
    for s in kept:
        info = by_code.get(s["stationCode"], {})
        types = {}
        for t in s.get("num_bikes_available_types") or []:
            types.update(t)
        message = {
            "stationCode": s["stationCode"],
            "station_id": s.get("station_id"),
            "name": info.get("name"),
            "lat": info.get("lat"),
            "lon": info.get("lon"),
            "capacity": info.get("capacity"),
            "num_bikes_available": s.get("num_bikes_available"),
            "mechanical": types.get("mechanical", 0),
            "ebike": types.get("ebike", 0),
            "num_docks_available": s.get("num_docks_available"),
            "last_reported": s.get("last_reported"),
        }
        messages.append(json.dumps(message))
    return messages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("status")
    parser.add_argument("information")
    parser.add_argument("--stations", default="16107,32017")
    parser.add_argument("--repeat", type=int, default=51)
    args = parser.parse_args()

    with open(args.status, "rb") as f:
        status_bytes = f.read()
    with open(args.information, "rb") as f:
        information_bytes = f.read()
    stations = None if args.stations == "all" else args.stations.split(",")

    passes = []
    messages = []
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        messages = tick(status_bytes, information_bytes, stations)
        passes.append((time.perf_counter() - start) * 1000.0)

    print(f"{len(messages)} messages; median of {len(passes)} passes: {statistics.median(passes):.3f} ms")


if __name__ == "__main__":
    main()
