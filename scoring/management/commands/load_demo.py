from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils import timezone

from scoring.demo_coding import demo_coding_load
from scoring.services import programme_results_publish, surveys_close, surveys_latest_recompute
from surveys.demo import DEMO_PROGRAMME, demo_programme_create
from surveys.demo_waves import DEMO_SECOND_WAVE, demo_second_wave_create
from surveys.invitations import invitations_send
from surveys.models import Programme, Survey
from surveys.outbox import outbox_send
from surveys.services import other_role_recode

# Written "other" roles a lead recodes into a category (the annex: social workers are in
# direct service delivery).
DEMO_RECODINGS = [("Social worker", "direct_service_delivery")]

DEMO_USERS = {
    # username: (password, superuser)
    "admin": ("relaudit-admin-demo", True),
    "reviewer": ("relaudit-reviewer-demo", False),
    "lead": ("relaudit-lead-demo", False),
    "analyst": ("relaudit-analyst-demo", False),
}


class Command(BaseCommand):
    help = (
        "Create the demo programme (the first programme's 20 areas with synthetic responses) "
        "and its second wave (the same areas re-run, two merged, one statement reworded), "
        "a demo reviewer and an admin, close the surveys past their deadline, and print the "
        "links and logins. Does nothing but print when the demo is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Response count multiplier")
        parser.add_argument("--seed", type=int, default=2018)

    def handle(self, *args, scale, seed, **options):
        programme = Programme.objects.filter(name=DEMO_PROGRAMME).first()
        if programme is None:
            programme = demo_programme_create(scale=scale, seed=seed)
            # The invitations went out when each survey opened (sent quietly here, to a
            # mailbox in memory, rather than printing 80 emails).
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                for survey in Survey.objects.filter(area__programme=programme):
                    invitations_send(survey=survey)
                outbox_send(limit=10_000)
            self.stdout.write(f"Created the demo programme: {programme.name}")
        else:
            self.stdout.write(f"The demo programme is already loaded: {programme.name}")
        users = self._users(programme)
        due = Survey.objects.filter(area__programme=programme, closes_at__lte=timezone.now())
        surveys_close(surveys=due, notify=False)
        # As a lead would once the first areas have closed: recode the written roles that
        # belong to a category (the closed areas' latest results are recomputed), then
        # publish, so that reviewers compare with these and the programme counts them.
        if not programme.publications.exists():
            for text, role in DEMO_RECODINGS:
                other_role_recode(programme=programme, text=text, role=role)
            surveys_latest_recompute(
                surveys=Survey.objects.filter(
                    area__programme=programme, latest_stale_since__isnull=False
                )
            )
            programme_results_publish(programme=programme)
        # Comments coded in two areas, suggestions for the rest (computed here, in-process).
        User = get_user_model()
        demo_coding_load(
            programme=programme,
            lead=User.objects.get(username="lead"),
            analyst=User.objects.get(username="analyst"),
        )
        wave = self._second_wave(programme, scale, seed)
        self._print(programme, users)
        root = settings.SITE_ROOT
        self.stdout.write(
            f"Second wave (leads): {root}/results/{wave.slug}/changes/ "
            f"and each area's report, 'Since the last wave'"
        )

    def _second_wave(self, programme, scale, seed):
        """A synthetic re-run of the demo areas, all closed, published: trends at once."""
        wave = Programme.objects.filter(name=DEMO_SECOND_WAVE).first()
        if wave is None:
            wave = demo_second_wave_create(programme=programme, scale=scale, seed=seed)
            self.stdout.write(f"Created the second wave: {wave.name}")
        due = Survey.objects.filter(area__programme=wave, closes_at__lte=timezone.now())
        surveys_close(surveys=due, notify=False)
        if not wave.publications.exists():
            programme_results_publish(programme=wave)
        return wave

    def _users(self, programme):
        User = get_user_model()
        for username, (password, superuser) in DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save()
        reviewer = User.objects.get(username="reviewer")
        for area in programme.areas.all():
            area.reviewers.add(reviewer)
        programme.leads.add(User.objects.get(username="lead"))
        return DEMO_USERS

    def _print(self, programme, users):
        root = settings.SITE_ROOT
        now = timezone.now()
        self.stdout.write("\nSurveys (link, access code, status):")
        for survey in Survey.objects.filter(area__programme=programme).select_related("area"):
            self.stdout.write(
                f"  {survey.area.name:<18} {survey.link}  {survey.formatted_access_code}  "
                f"{survey.status(now).replace('_', ' ')}"
            )
        self.stdout.write(f"\nAccess code page: {root}/")
        self.stdout.write(f"Results (reviewers and programme leads): {root}/results/")
        self.stdout.write(f"Programme report (leads): {root}/results/{programme.slug}/")
        self.stdout.write(
            f"Coding comments (leads, analysts): {root}/results/{programme.slug}/coding/"
        )
        self.stdout.write(f"Admin: {root}/admin/")
        for username, (password, _superuser) in users.items():
            self.stdout.write(f"  login {username} / {password}")
