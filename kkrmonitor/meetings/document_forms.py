"""The editors' upload of an agenda or minutes."""

from __future__ import annotations

from typing import Any

from django import forms

from kkrmonitor.meetings.forms import DATE_FORMATS, WIDE
from kkrmonitor.meetings.models import AgendaItem, Attachment, Meeting
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


class AgendaItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"Punkt {obj.number}: {obj.title}"


class AttachmentForm(forms.Form):
    agenda_item = AgendaItemChoice(
        label="Hører til punkt", required=False, queryset=AgendaItem.objects.none(),
        empty_label="Hele mødet", widget=forms.Select(attrs={"class": WIDE}),
        help_text="Vælg et punkt, hvis bilaget hører til det; ellers hører det til mødet.")
    file = forms.FileField(
        label="Fil",
        help_text=(f"PDF, Word (.docx) eller Excel (.xlsx), højst "
                   f"{ATTACHMENTS.max_bytes // (1024 * 1024)} MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meeting.agenda_items.order_by("number")
