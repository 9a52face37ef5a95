"""Commands that act for a person name that person: none defaults to a demo
account (issue 13 item 3)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize(
    "command, args", [("build_shortlist", ["2026"]), ("carry_over", ["2026", "2027"])]
)
def test_the_acting_user_is_required(command, args):
    with pytest.raises(CommandError, match="--as-user"):
        call_command(command, *args)
