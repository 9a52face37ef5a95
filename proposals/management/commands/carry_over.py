from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import User
from proposals.models import Cycle
from proposals.musrenbang.actions import carry_over


class Command(BaseCommand):
    help = (
        "Move the ideas a cycle did not choose, with their supports, to the next cycle."
    )

    def add_arguments(self, parser):
        parser.add_argument("from_year", type=int)
        parser.add_argument("to_year", type=int)
        parser.add_argument(
            "--as-user", required=True, help="username of who moves them (a moderator)"
        )

    def handle(self, *args, **options):
        try:
            source = Cycle.objects.get(year=options["from_year"])
            target = Cycle.objects.get(year=options["to_year"])
            actor = User.objects.get(username=options["as_user"])
        except (Cycle.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        moved = carry_over(source, target, actor)
        self.stdout.write(
            self.style.SUCCESS(f"{moved} idea(s) carried over to {target.year}.")
        )
