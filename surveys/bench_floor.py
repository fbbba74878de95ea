"""The floor of bench/submit_load.py: the least a submission can cost on this stack, one
request that inserts one row. Routed only when RELAUDIT_BENCH_FLOOR=true (never in a
deployment); it stores a blank response in the survey the bench created."""

import uuid

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from surveys.models import Response, Survey


@csrf_exempt
@require_POST
def floor(request):
    survey = Survey.objects.only("pk", "instrument_id").get(area__slug="bench-floor")
    Response.objects.create(
        survey_id=survey.pk,
        instrument_id=survey.instrument_id,
        submission_key=uuid.uuid4(),
        submitted_on=timezone.localdate(),
        statement_order=[],
    )
    return HttpResponse("stored", content_type="text/plain")
