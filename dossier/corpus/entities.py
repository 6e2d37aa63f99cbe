"""Entities across articles. Within an article, "Karimov" and "the Uzbek president" already
resolve to Islam Karimov (dossier.nlp.entities); an article that only ever says "Karimov"
leaves a surname. Across the corpus, a surname that ends exactly one known full name of a
person is that person: its mentions, articles and roles are folded into them."""

from __future__ import annotations

from typing import Any


def merge_surnames(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold single-word person names into the one full name they end, when unambiguous."""
    people = [r for r in rows if r["kind"] == "person" and len(r["name"].split()) > 1]
    by_surname: dict[str, list[dict[str, Any]]] = {}
    for person in people:
        by_surname.setdefault(person["name"].split()[-1].casefold(), []).append(person)
    kept = []
    for row in rows:
        if row["kind"] == "person" and len(row["name"].split()) == 1:
            owners = by_surname.get(row["name"].casefold(), [])
            if len(owners) == 1:
                owner = owners[0]
                owner["mentions"] += row["mentions"]
                owner["articles"] += row["articles"]  # an upper bound: they may overlap
                owner["roles"] = sorted(owner["roles"] + row["roles"],
                                        key=lambda r: r.get("date") or "")
                owner.setdefault("aliases", []).append(row["name"])
                continue
        kept.append(row)
    for row in kept:
        row.setdefault("aliases", [])
    return kept
