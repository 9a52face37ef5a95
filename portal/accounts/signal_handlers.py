from allauth.account.signals import password_changed, password_set


def clear_must_change_password(sender, request, user, **kwargs):
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def connect():
    password_changed.connect(clear_must_change_password, dispatch_uid="clear_mcp")
    password_set.connect(clear_must_change_password, dispatch_uid="clear_mcp_set")
