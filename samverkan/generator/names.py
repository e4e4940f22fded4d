"""Fictional names: common Swedish first names and surnames combined by the generator's
random source, never a name of a real person in the seeds. The places are made up too
(no Swedish municipality bears these names) and every address ends in `.invalid`
(RFC 2606), so no mail can reach anyone."""

import json
import random
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin",
    "Jenny", "Sofia", "Annika", "Linda", "Elin", "Hanna", "Johanna", "Ida", "Helena",
    "Camilla", "Åsa", "Ulla", "Birgitta", "Frida", "Louise", "Matilda", "Agneta", "Cecilia",
    "Lars", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Mikael", "Jan", "Thomas",
    "Fredrik", "Hans", "Stefan", "Mats", "Magnus", "Andreas", "Martin", "Björn", "Henrik",
    "Patrik", "Oskar", "Gustav", "Emil", "Viktor", "Joakim", "Ola", "Tobias", "Ulf", "Göran",
)  # fmt: skip

SURNAMES = (
    "Johansson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
    "Pettersson", "Jansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson",
    "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström",
    "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Sandberg",
    "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Lundin",
    "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson",
    "Isaksson", "Fransson", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg",
    "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund",
)  # fmt: skip

# The region and its six municipalities; (name, short name, slug stem).
REGION = ("Region Exempel", "Region Exempel", "region-exempel")
MUNICIPALITIES = (
    ("Norrby kommun", "Norrby", "norrby"),
    ("Söderås kommun", "Söderås", "soderas"),
    ("Östervik kommun", "Östervik", "ostervik"),
    ("Västerdal kommun", "Västerdal", "vasterdal"),
    ("Sjöbacka kommun", "Sjöbacka", "sjobacka"),
    ("Bergsäng kommun", "Bergsäng", "bergsang"),
)


def seeded(*parts: object) -> random.Random:
    """A random source for reproducible fiction (never for secrets), seeded by text so
    it is the same in every process (string seeds do not depend on PYTHONHASHSEED)."""
    return random.Random("/".join(str(p) for p in parts))  # noqa: S311


def ascii_fold(text: str) -> str:
    """`Åsa Sjöberg` → `asa.sjoberg` material for an e-mail address."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


def seed_person_names(path: Path | None = None) -> frozenset[str]:
    """The real persons named in the seeds' structure: never generated."""
    path = Path(path or settings.SAMVERKAN_DEMO_DATA)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(row["name"] for row in data.get("persons", []))


class NameSource:
    """Hands out full names, each at most once, drawn by `rng`."""

    def __init__(self, rng: random.Random, excluded: Iterable[str] = ()) -> None:
        self.rng = rng
        self.used: set[str] = set(excluded)

    def next(self) -> str:
        for _ in range(1000):
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("Namnlistorna räcker inte till fler unika namn.")


def person_slug(name: str, suffix: str) -> str:
    return f"{slugify(name)}-{suffix}"


def email_for(name: str, domain: str) -> str:
    first, _, last = name.partition(" ")
    return f"{ascii_fold(first)}.{ascii_fold(last.replace(' ', '-'))}@{domain}"
