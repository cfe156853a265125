"""Forms for a recommendation's external events and recurring obligations (/rediger/)."""

from __future__ import annotations

from typing import Any

from django import forms

from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme.forms import DanishDateField, EditForm, VersionField, _window_audit
from kkrmonitor.programme.models import ExternalEvent, Obligation

WIDE = "input-width-xl"  # DKFDS: up to 48rem, the full width on a phone
SOURCE_HELP = "Hvor oplysningen stammer fra, fx en lov, en aftale eller en hjemmeside."


class ExternalEventForm(EditForm):
    title = forms.CharField(label="Hændelse", max_length=300,
                            help_text="Hvad der ændrer sig, fx »Region Østdanmark oprettes«.",
                            widget=forms.TextInput(attrs={"class": WIDE}))
    when = DanishDateField(label="Hvornår",
                           help_text="Kun det, kilden siger, fx »fra 2027« eller »november 2024«.")
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}))
    source = forms.CharField(label="Kilde", help_text=SOURCE_HELP,
                             widget=forms.Textarea(attrs={"rows": 2, "class": WIDE}))

    audit_keys = {"title": ["title"], "description": ["description"], "source": ["source"],
                  "when": ["start", "end", "label"]}

    def audit_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "description": data["description"],
                "source": data["source"], **_window_audit(data["when"])}

    @staticmethod
    def initial_for(event: ExternalEvent) -> dict[str, Any]:
        return {"title": event.title, "when": event.label, "description": event.description,
                "source": event.source, "version": event.version}


class ExternalEventEditForm(ExternalEventForm):
    version = VersionField()


class ObligationForm(EditForm):
    title = forms.CharField(label="Opgave", max_length=300,
                            help_text="Hvad rådet gør hver gang, fx »Rammeaftalen godkendes«.",
                            widget=forms.TextInput(attrs={"class": WIDE}))
    rhythm = forms.ChoiceField(label="Rytme", choices=Obligation.Rhythm.choices,
                               widget=forms.RadioSelect)
    first_year = forms.IntegerField(label="Første gang (år)", min_value=2000, max_value=2100,
                                    widget=forms.NumberInput(attrs={"class": "input-width-xs"}))
    usual_window = forms.CharField(
        label="Sædvanligt tidspunkt på året", max_length=60, initial="i løbet af",
        help_text="Uden årstal, fx »i løbet af«, »efteråret« eller »september«.")
    is_expected = forms.BooleanField(
        label="Tidspunktet er en forventning; kilden oplyser det ikke", required=False,
        initial=True)
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}))
    source = forms.CharField(label="Kilde", help_text=SOURCE_HELP,
                             widget=forms.Textarea(attrs={"rows": 2, "class": WIDE}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_expected"].widget.attrs["class"] = "form-checkbox"

    def clean_usual_window(self) -> str:
        text: str = " ".join(self.cleaned_data["usual_window"].split())
        if parse_window(f"{text} 2026") is None:
            raise forms.ValidationError(
                "Tidspunktet kan ikke læses som en periode i et år. Skriv fx »i løbet af«, "
                "»efteråret« eller »september«.", code="window")
        return text

    def obligation_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: data[key] for key in ("title", "rhythm", "first_year", "usual_window",
                                           "is_expected", "description", "source")}
