import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenForm, LoginForm
from .models import ApiToken


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class LoginView(auth_views.LoginView):
    """Django's login view with a lock-out after repeated failures."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if services.login_is_locked(username=username, ip_address=client_ip(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                ValidationError(
                    LoginForm.error_messages["locked"]
                    % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                    code="locked",
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        if username:
            services.login_failed(username=username, ip_address=client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        services.login_succeeded(username=self.request.POST.get("username", ""))
        return super().form_valid(form)


@login_required
def profile(request):
    tokens = ApiToken.objects.filter(user=request.user)
    form = ApiTokenForm()
    new_key = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data.get("expires_in_days")
            expires = timezone.now() + datetime.timedelta(days=days) if days else None
            _token, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=expires
            )
            messages.success(
                request, _("Token dibuat. Salin sekarang: token tidak akan ditampilkan lagi.")
            )
            form = ApiTokenForm()
    return render(
        request, "accounts/profile.html", {"tokens": tokens, "form": form, "new_key": new_key}
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("accounts:profile")
