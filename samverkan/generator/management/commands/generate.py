"""`samverkan generate --collaborations N --years Y --seed S [--start-year Å] [--as-of DAG]`

Fictional collaborations ("Exempellänet", "Exempellänet 2", …) with a region, six
municipalities, four bodies and a full year of meetings, cases and recommendations per
year, all through the services. The same arguments give the same data; a second run
leaves it as it is. By default the years end with the current one and the story runs
up to today, so there are held meetings behind and planned ones ahead; give
`--start-year` and `--as-of` to get exactly the same data on another day."""

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.generator.selectors import COUNT_LABELS
from samverkan.generator.services import Progress, generate, total_units


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = "Skapar påhittade exempelsamverkningar med sammanträden, ärenden och beslut."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collaborations", type=int, default=1, help="Antal samverkningar.")
        parser.add_argument("--years", type=int, default=1, help="Antal år per samverkan.")
        parser.add_argument("--seed", type=int, default=1, help="Frö för slumpen.")
        parser.add_argument(
            "--start-year",
            type=int,
            default=None,
            help="Första året (förval: så att sista året är innevarande år).",
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="Dagen berättelsen når fram till, ÅÅÅÅ-MM-DD (förval: i dag). Det som "
            "skulle ske från och med den dagen sker inte: de sammanträdena är planerade.",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Lösenord för exempelkontona (förval: ett nytt slumpat vid varje körning).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Ingen förloppsindikator.")
        parser.add_argument(
            "--scale",
            choices=["sverige", "tiondel"],
            default=None,
            help="Nationell skala för prestandamätning: 21 regioner och 290 kommuner, tio år, "
            "omkring 1 miljon ärenden och 2 miljoner handlingar (tiondel: en tiondel av "
            "volymen). Skrivs direkt i tabellerna, utan ändringslogg.",
        )
        parser.add_argument(
            "--regions",
            type=int,
            default=None,
            help="Med --scale: bara de första N regionerna (för prov).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"]:
            self._national(options)
            return
        today = timezone.localdate()
        years = options["years"]
        as_of = options["as_of"] or today
        start_year = options["start_year"] or (as_of.year - years + 1)
        if as_of > today:
            raise CommandError(
                "--as-of kan inte ligga efter i dag: protokoll justeras inte i förväg."
            )
        total = total_units(options["collaborations"], years)
        # WeasyPrint warns about its font subsetting for every PDF; the minutes render fine.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        try:
            if options["no_progress"] or not self.stdout.isatty():
                result = generate(
                    collaborations=options["collaborations"],
                    years=years,
                    seed=options["seed"],
                    start_year=start_year,
                    as_of=as_of,
                    password=options["password"],
                )
            else:
                result = self._with_progress(options, years, start_year, as_of, total)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for label in result.made:
            self.stdout.write(f"  {label}: skapad")
        for label in result.existing:
            self.stdout.write(f"  {label}: finns redan")
        self.stdout.write(
            f"Samma data igen: samverkan generate --collaborations {options['collaborations']} "
            f"--years {years} --seed {options['seed']} --start-year {start_year} "
            f"--as-of {as_of:%Y-%m-%d}"
        )
        self.stdout.write("Exempellänet innehåller:")
        for key, n in result.counts.items():
            self.stdout.write(f"  {n:>4}  {COUNT_LABELS[key]}")
        self._accounts_table(result)

    def _national(self, options: dict[str, Any]) -> None:
        import os
        import time

        from samverkan.generator.national import expected_counts, national_load

        scale = options["scale"]
        expected = expected_counts(scale, options["regions"])
        self.stdout.write(
            f"Skala {scale}: {expected['collaborations']} samverkningar, "
            f"{expected['parties']} parter, {expected['meetings']} sammanträden, "
            f"{expected['items']} punkter och ärenden, {expected['documents']} handlingar "
            f"({os.cpu_count()} kärnor)."
        )
        started = time.perf_counter()
        result = national_load(
            scale,
            seed=options["seed"],
            as_of=options["as_of"],
            regions=options["regions"],
            say=lambda text: self.stdout.write(text),
        )
        if result.existing:
            self.stdout.write("  Skalans samverkningar finns redan; inget skrevs.")
            return
        for key, n in result.counts.items():
            self.stdout.write(f"  {n:>9}  {key}")
        self.stdout.write(self.style.SUCCESS(f"Klart på {time.perf_counter() - started:.0f} s."))

    def _with_progress(
        self, options: dict[str, Any], years: int, start_year: int, as_of: datetime.date, total: int
    ) -> Any:
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        with Bar(
            TextColumn("{task.description:<48}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f} %"),
            TimeElapsedColumn(),
        ) as bar:
            task = bar.add_task("Genererar", total=total)

            class _Progress(Progress):
                def advance(self, units: float, label: str) -> None:
                    bar.update(task, advance=units, description=label[:48])

            result = generate(
                collaborations=options["collaborations"],
                years=years,
                seed=options["seed"],
                start_year=start_year,
                as_of=as_of,
                password=options["password"],
                progress=_Progress(),
            )
            bar.update(task, completed=total, description="Klart")
        return result

    def _accounts_table(self, result: Any) -> None:
        if not result.accounts:
            return
        self.stdout.write("")
        self.stdout.write(f"Logga in i Exempellänet med lösenordet {result.password}")
        width = max(len(a.username) for a in result.accounts)
        for a in result.accounts:
            roles = ", ".join(str(Role(r).label) for r in a.roles.split(", ") if r)
            shows = f"  ({a.shows})" if a.shows else ""
            self.stdout.write(
                f"  {a.username:<{width}}  {a.name:<22} {roles:<14} {a.places}{shows}"
            )
        self.stdout.write(self.style.SUCCESS("Exempeldata klar. Lösenordet visas bara nu."))
