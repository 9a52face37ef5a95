from django.core.management.base import BaseCommand, CommandError

from portal.regions.loader import DEFAULT_CSV, WilayahError, load_wilayah


class Command(BaseCommand):
    help = (
        "Load kecamatan and desa (Kemendagri codes) from a CSV with the columns "
        "level,code,name,parent_code. Without an argument, loads Bengkayang."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))

    def handle(self, *args, **options):
        try:
            result = load_wilayah(options["csv"])
        except (OSError, WilayahError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.kabupaten or 'Wilayah'}: {result.kecamatan} kecamatan, "
                f"{result.desa} desa/kelurahan ({result.created} new, "
                f"{result.updated} updated)"
            )
        )
