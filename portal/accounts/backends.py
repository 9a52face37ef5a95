from django.contrib.auth import backends


class ModelBackend(backends.ModelBackend):
    """Django's backend, loading the child's profile with the user: every
    page asks whether the visitor is a child (the menu, the support
    buttons), and that join saves a query on each of them."""

    def get_user(self, user_id):
        UserModel = backends.UserModel  # noqa: N806
        try:
            user = UserModel._default_manager.select_related("child_profile").get(
                pk=user_id
            )
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
