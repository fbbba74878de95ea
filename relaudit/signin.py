"""Staff sign-in, with attempts limited per client address and per account (see
relaudit.throttle): counted before the password is checked, given back when it is right."""

from django.contrib.auth import views as auth_views

from .throttle import SIGN_IN, throttle_attempt
from .views import too_many_attempts


class ThrottledLoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()[:150]
        self.attempt = throttle_attempt(request, SIGN_IN, account=username)
        if self.attempt.refused:
            return too_many_attempts(request, "sign-ins", self.attempt.retry_after)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.attempt.succeeded()
        return super().form_valid(form)
