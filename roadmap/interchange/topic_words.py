"""A first guess at a catalogue document's leaf topics from the words of its title.

Only where the words make it plain: a title that names none of these words gets no
suggestion, and the person choosing the topics decides. The first topic found is the core
one, a second the supporting one.
"""
from __future__ import annotations

import re

# (leaf topic, words that make it plain); earlier rows win, so specific before general
WORDS = (
    ("K1", r"key performance indicators?|kpis?|indicators?"),
    ("K2", r"impact assessment|assessment|life cycle|carbon footprint"),
    ("K3", r"conformance|certification|maturity model"),
    ("G1", r"vocabulary|terms and definitions|terminology"),
    ("G5", r"procurement|maturity"),
    ("G4", r"stakeholder|citizen|engagement"),
    ("G3", r"strategy|master plan|management system|planning"),
    ("S1", r"e-government|government services"),
    ("S2", r"transport|mobility|traffic|vehicle|parking"),
    ("S3", r"energy|smart grid|electricity|power supply"),
    ("S4", r"buildings?|construction"),
    ("S5", r"water|wastewater|stormwater"),
    ("S6", r"waste|circular"),
    ("S7", r"health|well-being|ageing|aging"),
    ("S8", r"education|learning"),
    ("S9", r"emergency|disaster|public safety|early warning"),
    ("S10", r"environment|climate|air quality|pollution|noise|agricultur"),
    ("S11", r"lighting|street|public space"),
    ("X4", r"electromagnetic|emf"),
    ("X2", r"privacy|personal data|data protection"),
    ("X1", r"security|cybersecurity|trust"),
    ("X3", r"continuity|resilien"),
    ("X6", r"accessib"),
    ("X5", r"interoperab|semantic|ontolog|information model"),
    ("I5", r"digital twin|spatio-temporal|spatial|geographic|3d|city model"),
    ("I6", r"open data|\bapis?\b|application programming interface"),
    ("I4", r"platform|middleware|application support"),
    ("I3", r"\bdata\b|big data|cloud|blockchain|data exchange"),
    ("I2", r"network|communication|connectivity"),
    ("I1", r"sensor|device|gateway|internet of things|\biot\b"),
    ("G2", r"framework|architecture|reference model|overview"),
)
_COMPILED = tuple((code, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for code, words in WORDS)


def suggest(title: str | None, leaves: set[str]) -> list[dict]:
    """Suggested mappings for a title: at most one core and one supporting leaf topic.

    >>> suggest("Key performance indicators for smart sustainable cities", {"K1", "G2"})
    [{'code': 'K1', 'relevance': 'core'}]
    >>> suggest("Smart water management in cities: a framework", {"S5", "G2", "K1"})
    [{'code': 'S5', 'relevance': 'core'}, {'code': 'G2', 'relevance': 'supporting'}]
    >>> suggest("Interference protection ratios", {"S5"})
    []
    """
    found = [code for code, pattern in _COMPILED if code in leaves and pattern.search(title or "")]
    return [{"code": code, "relevance": relevance}
            for code, relevance in zip(found, ("core", "supporting"))]
