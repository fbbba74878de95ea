"""Staff sign-in with failed attempts throttled per client (see relaudit.throttle)."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .throttle import SIGN_IN, throttle_hit, throttle_refused


class ThrottledLoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        if throttle_refused(request, SIGN_IN):
            return render(request, "429.html", {"what": "sign-ins"}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle_hit(self.request, SIGN_IN)
        return super().form_invalid(form)
