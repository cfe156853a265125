""""Hent nu": an editor queues a fetch of one indicator, the background worker (django-tasks'
database backend, `kkr db_worker`) runs it, and the job row keeps its progress and result for
the job's page. The fetch itself is services.fetch_indicator, as for the command."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kkrmonitor.audit import AuditAction, Author, record
from kkrmonitor.indicators.models import FetchJob, Indicator
from kkrmonitor.indicators.services import IndicatorError, fetch_indicator, fetch_summary
from kkrmonitor.indicators.statbank import StatBankClient, StatBankError


def start_fetch(indicator: Indicator, author: Author) -> FetchJob:
    """Queue a fetch of the indicator (one audit event) and return its job. The queue row is
    written in the same transaction as the job, so the worker never sees one without the
    other."""
    job = FetchJob.objects.create(indicator=indicator, requested_by=author.user,
                                  requested_by_label=author.label)
    record(author, AuditAction.INDICATOR_FETCH_QUEUED, indicator, {"fetch_job": [None, job.pk]})
    run_fetch_job.enqueue(job.pk)
    return job


@task()
def run_fetch_job(job_id: int) -> str:
    job = FetchJob.objects.select_related("indicator", "requested_by").get(pk=job_id)
    FetchJob.objects.filter(pk=job.pk).update(status=FetchJob.Status.RUNNING,
                                              started_at=timezone.now(),
                                              progress="Henter tabellens beskrivelse …")

    def progress(message: str) -> None:
        FetchJob.objects.filter(pk=job.pk).update(progress=message[:500])

    client = StatBankClient(settings.KKR_STATBANK_URL, progress=progress)
    author = Author(label=f"Hent nu ({job.requested_by_label})", channel="web",
                    user=job.requested_by)
    try:
        report = fetch_indicator(job.indicator, client, author)
    except (StatBankError, IndicatorError) as error:
        status, result = FetchJob.Status.FAILED, _without_slug(error, job)
    else:
        status, result = FetchJob.Status.SUCCEEDED, fetch_summary(report)
    FetchJob.objects.filter(pk=job.pk).update(status=status, result=result, progress="",
                                              finished_at=timezone.now())
    return result


def _without_slug(error: Exception, job: FetchJob) -> str:
    """The error as the command prints it, less the indicator's slug in front."""
    text = str(error)
    prefix = f"{job.indicator.slug}: "
    text = text[len(prefix):] if text.startswith(prefix) else text
    return text[:1].upper() + text[1:]
