"""The editors' upload of an agenda or minutes."""

from __future__ import annotations

from django import forms

from kkrmonitor.meetings.forms import DATE_FORMATS
from kkrmonitor.meetings.models import Attachment
from kkrmonitor.upload_limits import ATTACHMENTS


class MeetingDocumentForm(forms.Form):
    date = forms.DateField(
        label="Mødets dato", input_formats=DATE_FORMATS, help_text="Fx 26.01.2026.",
        widget=forms.DateInput(attrs={"type": "date", "class": "input-width-s"},
                               format="%Y-%m-%d"))
    kind = forms.ChoiceField(
        label="Dokumentet er", widget=forms.RadioSelect, initial=Attachment.Kind.AGENDA,
        choices=[(Attachment.Kind.AGENDA, "Dagsorden"), (Attachment.Kind.MINUTES, "Referat")])
    file = forms.FileField(
        label="Fil",
        help_text=(f"PDF eller Word (.docx), højst {ATTACHMENTS.max_bytes // (1024 * 1024)} MB. "
                   "Punkterne bliver kladder, som du gennemser, før de offentliggøres."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}))
