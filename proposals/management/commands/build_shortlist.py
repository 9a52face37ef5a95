from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import User
from proposals.models import Cycle
from proposals.musrenbang.actions import RANKING, build_shortlist


class Command(BaseCommand):
    help = (
        "Build the shortlist of a cycle at its cut-off: published ideas ranked by "
        "the supports of children with verified consent within each kecamatan "
        "and each cluster (tie-break: " + ", ".join(RANKING) + ")."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", type=int, help="the cycle's year")
        parser.add_argument(
            "--as-user", required=True, help="username of who builds it (a moderator)"
        )

    def handle(self, *args, **options):
        try:
            cycle = Cycle.objects.get(year=options["cycle"])
            actor = User.objects.get(username=options["as_user"])
        except (Cycle.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        created = build_shortlist(cycle, actor)
        total = cycle.shortlist.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Shortlist {cycle.year}: {total} ideas ({created} new)."
            )
        )
