"""A reading app's record block (Summary / Similar Readings / Statistics / Details).

Some exports append the app's own record of an article to its text, flattened: the five
"similar readings" titles, a machine summary, counters run together with their labels
("239\\nWords1\\nRead Count"), then "ID: ...", "URL: ...", "Date: ..." lines. That is
metadata, not article text: it is parsed into a dict and cut from the text.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.resources import load_toml


def _spec() -> dict[str, Any]:
    return load_toml("record_fields.toml")


def _section_pattern(sections: list[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(s) for s in sections)
    return re.compile(rf"^(?P<name>{names})(?:\s*\((?P<count>\d+) items?\))?\s*$", re.I | re.M)


def _field_pattern(labels: list[str]) -> re.Pattern[str]:
    # Longest label first so that "Category ID" wins over "ID".
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^(?P<label>{names})\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)


def extract_record(text: str) -> tuple[str, dict[str, Any]]:
    """Cut a trailing record block from ``text``; return (text, record fields)."""
    spec = _spec()
    sections = _section_pattern(spec["sections"])
    fields = _field_pattern(list(spec["fields"]))
    heads = list(sections.finditer(text))
    found = list(fields.finditer(text))
    if len(heads) < spec["min_sections"] or len(found) < spec["min_fields"]:
        return text, {}
    # The block starts at the first section heading after which the rest of the text
    # is record, i.e. the earliest heading such that enough headings and fields follow.
    start = None
    for head in heads:
        later_heads = [h for h in heads if h.start() >= head.start()]
        later_fields = [f for f in found if f.start() > head.start()]
        if len(later_heads) >= spec["min_sections"] and len(later_fields) >= spec["min_fields"]:
            start = head.start()
            break
    if start is None:
        return text, {}
    block = text[start:]
    record = _parse_block(block, spec, sections, fields)
    return text[:start].rstrip(), record


def _parse_block(
    block: str, spec: dict[str, Any], sections: re.Pattern[str], fields: re.Pattern[str]
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    label_keys = {label.casefold(): key for label, key in spec["fields"].items()}
    for match in fields.finditer(block):
        key = label_keys[match["label"].casefold()]
        record.setdefault(key, match["value"])
    # Counters: "239\nWords1\nRead Count" -> words=239, read_count=1.
    flat = re.sub(r"\s+", " ", block)
    for label, key in spec["counters"].items():
        counter = re.search(rf"(\d[\d,]*)\s*{re.escape(label)}", flat, re.I)
        if counter:
            record[key] = int(counter.group(1).replace(",", ""))
    # Section bodies: the lines between one heading and the next.
    heads = list(sections.finditer(block))
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(block)
        body = [line.strip() for line in block[head.end() : end].split("\n") if line.strip()]
        name = head["name"].casefold()
        if name == "similar readings":
            record["similar_titles"] = body[: int(head["count"] or len(body))]
        elif name == "summary":
            record["summary"] = " ".join(body)
    return record
