"""One way to page a list: `?sida=N`, a fixed page size, and a count that stops at a cap.

Counting every row a long list holds (a COUNT(*) over 200 000 cases, or over the search
entries an access condition lets through) costs more than the page itself, and nobody
reads page 4 000: the count stops at `cap` ("fler än 10 000"), pages run to the cap, and
the filters narrow the rest. Every page costs the same two queries (the capped count and
the page), however large the table. Links keep every other query parameter (the filters).

A page number that is not a whole number, or below 1, gives the first page (a mistyped
link still shows the list); one beyond the last page is a 404, as a missing page is."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, QueryDict

T = TypeVar("T")

PARAM = "sida"
PER_PAGE = 50
COUNT_CAP = 10_000


def page_number(request: HttpRequest, param: str = PARAM) -> int:
    """The asked-for page: 1 for anything but a positive whole number of up to six digits."""
    text = request.GET.get(param, "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or int(text) < 1:
        return 1
    return int(text)


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    count: int  # the rows, counted up to the cap
    capped: bool  # more rows than `count`
    query: QueryDict = field(repr=False)
    param: str = PARAM

    @property
    def count_display(self) -> str:
        """The count with a (no-break) space between thousands, as Swedish writes it."""
        return f"{self.count:,}".replace(",", "\u00a0")

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.items) - 1 if self.items else 0

    def url(self, number: int) -> str:
        """The query string of page `number`, the other parameters kept."""
        query = self.query.copy()
        query.pop(self.param, None)
        if number > 1:
            query[self.param] = str(number)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def first_url(self) -> str:
        return self.url(1)

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1)

    @property
    def last_url(self) -> str:
        return self.url(self.num_pages)


def page_check(number: int, count: int, per_page: int) -> None:
    """A page beyond the last (page 1 of an empty list exists) is a 404."""
    if number > 1 and (number - 1) * per_page >= count:
        raise Http404("Sidan finns inte.")


def counted(queryset: QuerySet[Any], cap: int) -> tuple[int, bool]:
    """The rows up to the cap, and whether there are more: SELECT COUNT(*) over a
    subquery that stops at cap + 1 rows."""
    n = queryset.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


def page_of(
    request: HttpRequest,
    items: Sequence[T],
    *,
    number: int,
    count: int,
    capped: bool,
    per_page: int = PER_PAGE,
    param: str = PARAM,
) -> Page[T]:
    """A page of rows already fetched (e.g. ranked search hits)."""
    return Page(list(items), number, per_page, count, capped, request.GET, param)


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    per_page: int = 0,
    cap: int = 0,
    param: str = PARAM,
) -> Page[Any]:
    """The requested page of an ordered queryset, with its capped count (PER_PAGE rows a
    page and COUNT_CAP unless given)."""
    per_page, cap = per_page or PER_PAGE, cap or COUNT_CAP
    number = page_number(request, param)
    count, capped = counted(queryset, cap)
    page_check(number, count, per_page)
    offset = (number - 1) * per_page
    items = list(queryset[offset : offset + per_page])
    return page_of(
        request, items, number=number, count=count, capped=capped, per_page=per_page, param=param
    )
