from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.accounts.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention schedule (docs/retention.md): warn, then delete "
        "inactive children and members past 18; erase closed safeguarding cases, "
        "old notifications, log entries, sessions and traces. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="run as if it were this ISO date/time (for a rehearsal on a copy)",
        )

    def handle(self, *args, now=None, **options):
        if now:
            try:
                now = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        for rule, count in apply_retention(now).items():
            self.stdout.write(f"{rule}: {count}")
