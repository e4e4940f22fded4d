from samverkan.accounts.models import Role, User
from samverkan.accounts.services import user_create
from samverkan.cases.models import CaseSeries


def registrar_create(username: str = "sekr") -> User:
    """A secretary who is also the registrar of every series (the registry's staff)."""
    user = user_create(username=username, password="x-Lösen-123", roles=[Role.SECRETARY])
    for series in CaseSeries.objects.all():
        series.registrars.add(user)
    return user
