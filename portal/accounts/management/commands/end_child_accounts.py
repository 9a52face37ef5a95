"""Daily: members who turned 18 are told their child account ends, and
accounts past the grace period are deleted (portal.accounts.ageing)."""

from django.core.management.base import BaseCommand

from portal.accounts.ageing import process_turned_18


class Command(BaseCommand):
    help = (
        "Tell members who turned 18 that their child account ends, and delete "
        "the accounts whose grace period is over. Run daily."
    )

    def handle(self, *args, **options):
        told, deleted = process_turned_18()
        self.stdout.write(f"told {told} member(s) they turned 18; deleted {deleted}")
