"""Checks the postcode totals read back from velib-projet-final-data.

Input: the topic as kafka-console-consumer prints it with print.key=true and a tab as key.separator, one
"key<TAB>value" line per record, oldest first. Only the last value of each key counts (the topic is compacted by key).
Every key must be the postcode of its value.

  compare_totals.py TOTALS.tsv --bikes 75016=5/1/4 --bikes 93200=9/4/5
      each named postcode's last value has these total / mechanical / electric bikes
  compare_totals.py TOTALS.tsv --equal EXPECTED.jsonl
      the same postcodes as EXPECTED (the output of `velib run`, one JSON object per line), and each last value
      equal to the expected object as a whole, "computedAt" aside (the only field that differs between two runs)

Exit 0 when everything matches; 1 with the differences on stdout; 2 on bad usage.
"""

import argparse
import json
import sys

IGNORED = "computedAt"


def last_values(path):
    last = {}
    problems = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            key, sep, value = line.partition("\t")
            if not sep:
                problems.append(f"line {number}: no key separator")
                continue
            try:
                total = json.loads(value)
            except json.JSONDecodeError as error:
                problems.append(f"line {number}: value is not JSON ({error})")
                continue
            if total.get("postcode") != key:
                problems.append(f"line {number}: key {key!r} but postcode {total.get('postcode')!r}")
            last[key] = total
    return last, problems


def check_bikes(last, specs):
    problems = []
    for spec in specs:
        postcode, _, counts = spec.partition("=")
        expected = [int(n) for n in counts.split("/")]
        total = last.get(postcode)
        if total is None:
            problems.append(f"{postcode}: no value on the topic")
            continue
        actual = [total.get("totalBikes"), total.get("mechanicalBikes"), total.get("electricBikes")]
        if actual != expected:
            problems.append(f"{postcode}: total/mechanical/electric {actual}, expected {expected}")
    return problems


def check_equal(last, expected_path):
    expected = {}
    with open(expected_path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                total = json.loads(line)
                expected[total["postcode"]] = total
    if not expected:
        return [f"{expected_path}: no expected totals"]
    problems = []
    for postcode in sorted(expected.keys() - last.keys()):
        problems.append(f"{postcode}: expected, not on the topic")
    for postcode in sorted(last.keys() - expected.keys()):
        problems.append(f"{postcode}: on the topic, not expected")
    for postcode in sorted(expected.keys() & last.keys()):
        want = {k: v for k, v in expected[postcode].items() if k != IGNORED}
        got = {k: v for k, v in last[postcode].items() if k != IGNORED}
        if want != got:
            fields = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
            problems.append(f"{postcode}: differs in {', '.join(fields)}: "
                            + "; ".join(f"{k} {got.get(k)!r}, expected {want.get(k)!r}" for k in fields))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("totals")
    parser.add_argument("--bikes", action="append", default=[])
    parser.add_argument("--equal")
    args = parser.parse_args()
    if not args.bikes and not args.equal:
        parser.error("give --bikes or --equal")

    last, problems = last_values(args.totals)
    problems += check_bikes(last, args.bikes)
    if args.equal:
        problems += check_equal(last, args.equal)

    if problems:
        print(f"{len(problems)} difference(s) over {len(last)} postcodes on the topic:")
        for problem in problems[:20]:
            print("  " + problem)
        return 1
    print(f"ok: {len(last)} postcodes on the topic, every checked value as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
