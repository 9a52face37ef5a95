from django.core.management.base import BaseCommand

from voting.actions import reconcile


class Command(BaseCommand):
    help = (
        "Compare each idea's support count with its support rows, report any "
        "drift and repair it (use --dry-run to only report)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        drift, repaired = reconcile(fix=not dry_run)
        for pk, stored, expected in drift:
            self.stdout.write(f"idea {pk}: count {stored}, rows {expected}")
        if not drift:
            self.stdout.write(
                self.style.SUCCESS("No drift: every count equals its rows.")
            )
        elif dry_run:
            self.stdout.write(
                self.style.WARNING(f"{len(drift)} idea(s) drifted (not repaired).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(repaired)} idea(s) repaired."))
        return None
