"""Hand-written gold for the five seed pages (../shared/seeds, read at test time).

Each entry is one main event of a seed: its type(s), the states/organisations taking part
(codes: ISO alpha-3 or organisation short names; a person counts as their state), the dates
it may carry (ISO at precision; None = any) and, for the must-haves, its modality and whether
it is background. ``must`` entries are asserted; all entries count for recall and precision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: The date each seed is analysed against (as dossier.timex.document.date_document finds it).
PUBLISHED: dict[str, tuple[dt.date, str]] = {
    "000": (dt.date(2005, 11, 14), "day"),
    "001": (dt.date(2007, 5, 30), "day"),
    "002": (dt.date(2023, 10, 7), "day"),
    "003": (dt.date(2008, 2, 1), "month"),
    "004": (dt.date(2018, 1, 1), "year"),
}


@dataclass(frozen=True)
class Gold:
    seed: str
    types: tuple[str, ...]
    actors: frozenset[str]
    dates: tuple[str, ...] | None = None
    modality: tuple[str, ...] | None = None
    background: bool | None = None
    must: bool = False
    note: str = ""


def g(seed: str, types: str, actors: str, dates: str | None = None, modality: str | None = None,
      background: bool | None = None, must: bool = False, note: str = "") -> Gold:
    return Gold(seed, tuple(types.split("|")), frozenset(actors.split()),
                tuple(dates.split("|")) if dates else None,
                tuple(modality.split("|")) if modality else None, background, must, note)


GOLD: list[Gold] = [
    # 000: RIA Novosti, 14 November 2005
    g("000", "AGREE", "RUS UZB", "2005-11-14", "occurred", False, True, "alliance agreement"),
    g("000", "CONSULT", "RUS UZB", "2005-11-14", note="Monday's talks; presidents discussed"),
    g("000", "AGREE", "RUS UZB", note="Russia's new alliance is being forged"),
    g("000", "ACCUSE", "USA UZB", note="U.S. and European leaders criticizing Karimov"),
    g("000", "ASSAULT|COERCE", "UZB", "2005-05", background=True, note="Andijan suppression"),
    # 001: IWPR, 30 May 2007
    g("001", "AGREE", "RUS", "2007-05-18|2007-05-30", "occurred", False, True,
      "Igla/Strela information exchange: agreed, signed on May 18"),
    g("001", "REQUEST", "UZB USA", "2005-07", "occurred", True, True,
      "asked the US military to leave Karshi-Khanabad"),
    g("001", "MOBILIZE", "RUS", modality="hypothetical", note="troops might move in"),
    g("001", "AGREE", "RUS UZB", "2005-09", "occurred", True, True, "autumn 2005 pact"),
    g("001", "JOIN", "UZB CSTO", "2006-08", "occurred", must=True, note="rejoined the CSTO"),
    g("001", "SANCTION", "EU UZB", note="EU embargo since autumn 2005"),
    # 002: NHK, 7 October 2023
    g("002", "CONSULT", "RUS UZB", "2023-10-06", "occurred", False, True, "Putin met Mirziyoyev"),
    g("002", "AGREE", "RUS UZB", "2023-10-06", "occurred", False, True,
      "agreed to boost cooperation; signed a joint statement"),
    g("002", "CONSULT", "RUS CIS", modality="planned", must=True, note="CIS summit next week"),
    # 003: Eurasia Daily Monitor, February 2008
    g("003", "CONSULT", "UZB RUS", "2008-02-06", "occurred", False, True, "visit to Moscow"),
    g("003", "AGREE", "RUS UZB", "2008-02-06|2008-02", note="documents; Ivanov-Azimov deal"),
    g("003", "SUPPORT", "RUS UZB", note="Putin praised strategic cooperation"),
    g("003", "CONSULT", "UZB LUKOIL", "2008-02-06|2008-02", note="Karimov met Alekperov"),
    g("003", "CONSULT", "UZB USA", note="talks in Tashkent with Admiral Fallon"),
    g("003", "CONSULT", "UZB RUS", note="meeting with Medvedev"),
    # 004: RT, October 2018 (dated "2018" from its text)
    g("004", "CONSULT", "UZB RUS", note="defence ministers' talks"),
    g("004", "AGREE", "RUS UZB", "2018", "occurred", False, True, "airspace agreement signed"),
    g("004", "AGREE", "RUS UZB", note="cooperation plan for next year signed"),
    g("004", "REQUEST", "RUS UZB", note="Shoigu invited the Uzbek military to the Army Games"),
    g("004", "CONSULT", "UZB RUS", note="Mirziyoyev received the Russian delegation"),
    g("004", "CONSULT", "RUS UZB", modality="planned", background=False, must=True,
      note="Putin's official visit next week"),
    g("004", "AGREE", "RUS UZB", modality="planned", note="parties planned to sign documents"),
    g("004", "JOIN", "UZB CSTO", background=True, note="two times joined the CSTO"),
    g("004", "LEAVE", "UZB CSTO", "1999", "occurred", True, True, "left the bloc in 1999"),
    g("004", "LEAVE", "UZB CSTO", "2012", "occurred", True, True, "and again in 2012"),
    g("004", "REQUEST", "USA UZB", note="the US demanded an investigation of Andijan"),
    g("004", "SANCTION|REJECT", "UZB USA", note="Tashkent reduced cooperation with Washington"),
    g("004", "CONSULT", "UZB USA", "2018-05", note="Mirziyoyev's first visit to the US"),
    g("004", "AGREE", "USA UZB", "2018-05", note="Trump and Mirziyoyev agreed a plan"),
    g("004", "AGREE", "RUS UZB", "2016", background=True, note="MTC treaty signed in 2016"),
    g("004", "AGREE", "RUS UZB", "2018-03", note="agreed to supply Mi-35 helicopters"),
    g("004", "COOPERATE", "RUS UZB", "2017|2017-10", note="resumed joint exercises"),
    g("004", "JOIN", "UZB CSTO", modality="negated|hypothetical", note="no return to the CSTO"),
    g("004", "REJECT", "UZB CSTO", note="opposed the CSTO's Afghan tactics"),
    g("004", "MOBILIZE", "RUS", note="bases in Tajikistan and Kyrgyzstan reinforced"),
]

#: Claims that must come out: seed, holder code (None: a holder with no entity), holder words,
#: figure value, qualifier, unit, what.
CLAIMS = [
    ("000", "UZB", "Uzbek authorities", 187.0, None, "people", "killed"),
    ("000", None, "Western human rights groups", 700.0, "more than", "people", "killed"),
]
