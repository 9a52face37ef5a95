"""Tell the Petugas Perlindungan and the administrators about safeguarding
cases whose first response is late. The production recipe runs it every
five minutes; each case alerts once (proposals/safeguarding.py)."""

from django.core.management.base import BaseCommand

from proposals.safeguarding import alert_overdue_cases


class Command(BaseCommand):
    help = "Alert officers and admins once about overdue safeguarding cases."

    def handle(self, *args, **options):
        alerted = alert_overdue_cases()
        self.stdout.write(f"{len(alerted)} overdue case(s) alerted")
