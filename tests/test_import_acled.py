"""`incidentdb import acled`: the current lower-case export and the older upper-case layout."""

from __future__ import annotations

from pathlib import Path

from tests.import_helpers import rows, scalar

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"


def test_current_layout(cli) -> None:  # noqa: ANN001
    result = cli("import", "acled", str(FIXTURES / "acled_current.csv"))
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert "  loaded (new)             4" in out
    assert "  out of scope             1  (kept as documents, no incident; --all-event-types loads them as incidents)" in out
    # PAK90001's NOTES span two lines: the bad row starts on line 6.
    assert "    6: unparseable date: event_date='31 February 2024'" in out
    url = cli.database_url
    mentions = {
        r[0]: r[1:]
        for r in rows(url, "SELECT d.external_id, m.date_start, m.date_end, m.date_precision, m.admin1, m.city, "
                           "m.killed_low, m.attack_type, m.suicide, m.target_type FROM mentions m "
                           "JOIN documents d ON d.id = m.document_id")
    }
    assert sorted(mentions) == ["PAK90001", "PAK90002", "PAK90005"]  # the protest has no mention
    g11 = mentions["PAK90001"]
    assert [str(g11[0]), str(g11[1]), g11[2]] == ["2025-11-11", "2025-11-11", "day"]
    assert g11[3:] == ("Islamabad Capital Territory", "Islamabad", 12, "Bombing/Explosion", True,
                       "Private Citizens & Property")
    week = mentions["PAK90002"]  # time_precision 2: the coded day +- 3 days
    assert [str(week[0]), str(week[1]), week[2]] == ["2024-03-23", "2024-03-29", "month"]
    assert week[6:] == ("Armed Assault", None, None)  # a battle: both sides fought, no target type
    police = mentions["PAK90005"]
    assert police[6:] == ("Bombing/Explosion", True, "Police")

    attributions = sorted(rows(url, "SELECT d.external_id, a.name, a.kind, t.role FROM attributions t "
                                    "JOIN actors a ON a.id = t.actor_id JOIN documents d ON d.id = t.document_id"))
    assert attributions == [
        ("PAK90001", "Tehrik-i-Taliban Pakistan", "militant_group", "suspected"),
        ("PAK90002", "Balochistan Liberation Army", "militant_group", "suspected"),
        ("PAK90002", "Pakistan", "state", "suspected"),
        ("PAK90005", "Tehrik-i-Taliban Pakistan", "militant_group", "suspected"),
    ]
    protest = rows(url, "SELECT status, status_detail, text FROM documents WHERE external_id = 'PAK90003'")
    assert protest == [("extracted", "out of scope: kept as a document without an incident",
                        "In May 2024, traders protested against taxes.")]
    notes = scalar(url, "SELECT text FROM documents WHERE external_id = 'PAK90001'")
    assert "G-11, Islamabad.\nAt least 12 people were killed" in notes
    assert scalar(url, "SELECT count(*) FROM incidents") == 3

    # Re-running with --all-event-types re-derives the rows (the scope is part of the
    # importer's version) and the protest becomes an incident too.
    again = cli("import", "acled", str(FIXTURES / "acled_current.csv"), "--all-event-types")
    assert again.exit_code == 0
    assert "  updated                  4" in again.stdout
    assert scalar(url, "SELECT count(*) FROM incidents") == 4
    assert scalar(url, "SELECT status FROM documents WHERE external_id = 'PAK90003'") == "extracted"


def test_all_event_types_on_a_first_import(cli) -> None:  # noqa: ANN001
    result = cli("import", "acled", str(FIXTURES / "acled_current.csv"), "--all-event-types")
    assert result.exit_code == 0
    assert "out of scope" not in result.stdout
    protest = rows(cli.database_url, "SELECT m.date_start, m.date_end, m.date_precision, m.city, m.attack_type "
                                     "FROM mentions m JOIN documents d ON d.id = m.document_id "
                                     "WHERE d.external_id = 'PAK90003'")
    # time_precision 3: the whole month; geo_precision 3: only the province is kept.
    assert [str(protest[0][0]), str(protest[0][1]), *protest[0][2:]] == ["2024-05-01", "2024-05-31", "month", None, None]


def test_legacy_upper_case_layout(cli) -> None:  # noqa: ANN001
    result = cli("import", "acled", str(FIXTURES / "acled_legacy.csv"))
    assert result.exit_code == 0, result.output
    assert "  loaded (new)             3" in result.stdout
    assert "  rejected                 0" in result.stdout
    url = cli.database_url
    mentions = {
        r[0]: r[1:]
        for r in rows(url, "SELECT d.external_id, m.date_start, m.date_precision, m.country_code, m.city, "
                           "m.killed_low, m.attack_type FROM mentions m JOIN documents d ON d.id = m.document_id")
    }
    assert sorted(mentions) == ["PAK1001", "PAK1002"]
    assert [str(mentions["PAK1001"][0]), *mentions["PAK1001"][1:]] == [
        "2015-01-01", "day", "PK", "Peshawar", 3, "Bombing/Explosion"]
    assert mentions["PAK1002"][5] == "Armed Assault"
    attributions = sorted(rows(url, "SELECT d.external_id, a.name, t.role FROM attributions t "
                                    "JOIN actors a ON a.id = t.actor_id JOIN documents d ON d.id = t.document_id"))
    assert attributions == [
        ("PAK1001", "Jamaat-ul-Ahrar", "suspected"),
        ("PAK1002", "Pakistan", "suspected"),
        ("PAK1002", "Tehrik-i-Taliban Pakistan", "suspected"),
    ]
    raw = scalar(url, "SELECT text FROM documents WHERE external_id = 'PAK1001'")
    assert raw == 'A bomb exploded near a bus stop in Peshawar,\nkilling 3 people.\n"Jamaat-ul-Ahrar" claimed it.'
    payload = rows(url, "SELECT m.payload FROM mentions m JOIN documents d ON d.id = m.document_id "
                        "WHERE d.external_id = 'PAK1001'")[0][0]
    import json

    payload = payload if isinstance(payload, dict) else json.loads(payload)
    assert payload["assoc_actor_1"] == "TTP: Tehreek-i-Taliban Pakistan"  # ALLY_ACTOR_1 in this layout
    assert payload["dataset"] == "ACLED" and payload["dataset_id"] == "PAK1001"
