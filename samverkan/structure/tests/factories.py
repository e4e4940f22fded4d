"""Small builders for tests; each saves through the services, as the app does."""

import datetime
import itertools
from typing import Any

from samverkan.structure import services
from samverkan.structure.models import (
    Body,
    Collaboration,
    Membership,
    Party,
    Person,
    ReportingLine,
    Term,
)

_n = itertools.count(1)


def party(**kw: Any) -> Party:
    i = next(_n)
    defaults = {
        "name": f"Kommun {i}",
        "short_name": f"K{i}",
        "slug": f"kommun-{i}",
        "kind": "municipality",
    }
    return services.party_save(Party(**{**defaults, **kw}))


def body(**kw: Any) -> Body:
    i = next(_n)
    defaults = {
        "name": f"Organ {i}",
        "short_name": f"O{i}",
        "slug": f"organ-{i}",
        "kind": Body.Kind.POLITICAL_ARENA,
        "decision_power": Body.DecisionPower.RECOMMENDATION,
        "founded_on": datetime.date(2020, 1, 1),
    }
    return services.body_save(Body(**{**defaults, **kw}))


def person(**kw: Any) -> Person:
    i = next(_n)
    return services.person_save(Person(**{"name": f"Person {i}", "slug": f"person-{i}", **kw}))


def term(**kw: Any) -> Term:
    defaults = {
        "name": f"Period {next(_n)}",
        "start": datetime.date(2023, 1, 1),
        "end": datetime.date(2026, 12, 31),
    }
    return services.term_save(Term(**{**defaults, **kw}))


def membership(**kw: Any) -> Membership:
    kw.setdefault("person", person())
    kw.setdefault("role", Membership.Role.MEMBER)
    return services.membership_save(Membership(**kw))


def line(**kw: Any) -> ReportingLine:
    kw.setdefault("subject", "Rapport")
    return services.reporting_line_save(ReportingLine(**kw))


def home_collaboration() -> Collaboration:
    """The installation's own collaboration. The migrations make it, but a transactional
    test that ran before in the same process has flushed the tables: made again then."""
    from samverkan.structure.models import collaboration_default

    return Collaboration.objects.get(pk=collaboration_default())


def collaboration(**kw: Any) -> Collaboration:
    i = next(_n)
    defaults = {"name": f"Samverkan {i}", "short_name": f"S{i}", "slug": f"samverkan-{i}"}
    return services.collaboration_save(Collaboration(**{**defaults, **kw}))
