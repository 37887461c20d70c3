from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class NipOrUsernameBackend(ModelBackend):
    """Log in with a username, or with an employee's 18-digit NIP."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        ident = username.strip()
        user = user_model._default_manager.filter(username__iexact=ident).first()
        if user is None and ident.isdigit():
            # The employee record lives in organisation; reach it by its relation name.
            user = user_model._default_manager.filter(pegawai__nip=ident).first()
        if user is None:
            user_model().set_password(password)  # same time as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
