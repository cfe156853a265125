"""Forms for reports, reviews, joint initiatives, bulk import and portfolio projects. The bulk
import validates every row with StageReportForm, the same form a municipal contact fills in."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from kkrmonitor.joint.models import NOT_GIVEN, JointInitiative, Project, ProjectList
from kkrmonitor.programme.forms import EditForm
from kkrmonitor.programme.models import Initiative

DATE_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
DATE_HELP = "Skriv datoen som dd.mm.åååå, fx 15.06.2026."


class StageReportForm(EditForm):
    stage = forms.ModelChoiceField(
        label="Trin", queryset=None, empty_label=None,  # type: ignore[arg-type]
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg et trin.",
                        "invalid_choice": "Trinnet findes ikke for denne indsats."})
    as_of = forms.DateField(
        label="Dato", input_formats=DATE_FORMATS, help_text=DATE_HELP,
        error_messages={"required": "Skriv datoen.",
                        "invalid": "Datoen kan ikke læses; skriv den som dd.mm.åååå."})
    note = forms.CharField(label="Note", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": "Noten må højst være på 2000 tegn."})

    def __init__(self, joint: JointInitiative, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.joint = joint
        self.fields["stage"].queryset = joint.stages.all()  # type: ignore[attr-defined]

    def clean_as_of(self) -> date:
        value: date = self.cleaned_data["as_of"]
        if value > timezone.localdate():
            raise forms.ValidationError("Datoen må ikke ligge i fremtiden.")
        if value.year < 2000:
            raise forms.ValidationError("Datoen ligger for langt tilbage.")
        return value


class ReviewForm(EditForm):
    decision = forms.ChoiceField(
        label="Afgørelse", widget=forms.RadioSelect,
        choices=[("approve", "Godkend"), ("return", "Send retur med kommentar")],
        error_messages={"required": "Vælg godkend eller send retur."})
    comment = forms.CharField(label="Kommentar", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Skal udfyldes, når indberetningen sendes retur.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Skriv hvorfor indberetningen sendes retur.")
        return data


class JointInitiativeForm(EditForm):
    initiative = forms.ModelChoiceField(label="Indsats", queryset=None,  # type: ignore[arg-type]
                                        error_messages={"required": "Vælg en indsats."})
    stages = forms.CharField(
        label="Trin", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ét trin pr. linje, i rækkefølge. Sidste trin er målet.",
        error_messages={"required": "Skriv trinnene."})
    start = forms.DateField(label="Start", input_formats=DATE_FORMATS, help_text=DATE_HELP)
    deadline = forms.DateField(label="Frist", input_formats=DATE_FORMATS, help_text=DATE_HELP)
    source = forms.CharField(label="Kilde", required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, initiatives: QuerySet[Initiative], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]

    def clean_stages(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["stages"].splitlines()
                 if line.strip()]
        if len(names) < 2:
            raise forms.ValidationError("Skriv mindst to trin.")
        if len({n.lower() for n in names}) != len(names):
            raise forms.ValidationError("To trin har samme navn.")
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("deadline") and data["deadline"] <= data["start"]:
            self.add_error("deadline", "Fristen skal ligge efter starten.")
        return data


class ImportForm(EditForm):
    file = forms.FileField(label="Fil (CSV eller XLSX)",
                           help_text="Én række pr. kommune med kolonnerne Kommunekode, Trin, "
                                     "Dato og Note. Den eksporterede fil kan bruges som skabelon.",
                           error_messages={"required": "Vælg en fil."})


class ProjectForm(EditForm):
    name = forms.CharField(label="Navn", max_length=300)
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    stage = forms.ModelChoiceField(label="Fase", queryset=None,  # type: ignore[arg-type]
                                   required=False, empty_label=NOT_GIVEN)
    lists = forms.ModelMultipleChoiceField(label="Lister", queryset=None,  # type: ignore[arg-type]
                                           required=False,
                                           widget=forms.CheckboxSelectMultiple)
    responsible_authority = forms.CharField(label="Ansvarlig myndighed", max_length=200,
                                            required=False)
    state_funding_dkk = forms.DecimalField(label="Statslig finansiering besluttet (kr.)",
                                           required=False, min_value=0, decimal_places=0,
                                           max_digits=16)
    funding_decision = forms.CharField(label="Finansieringsbeslutning", max_length=300,
                                       required=False, help_text="Fx navnet på aftalen.")
    funding_date = forms.DateField(label="Dato for beslutningen", required=False,
                                   input_formats=DATE_FORMATS, help_text=DATE_HELP)
    source = forms.CharField(label="Kilde", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, portfolio: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = portfolio.stages.all()  # type: ignore[attr-defined]
        self.fields["lists"].queryset = ProjectList.objects.filter(  # type: ignore[attr-defined]
            portfolio=portfolio)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state_funding_dkk") is not None and not data.get("funding_date"):
            self.add_error("funding_date", "Angiv datoen for finansieringsbeslutningen.")
        return data

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {"name": project.name, "description": project.description,
                "stage": project.stage_id, "lists": list(project.lists.all()),
                "responsible_authority": project.responsible_authority,
                "state_funding_dkk": project.state_funding_dkk,
                "funding_decision": project.funding_decision,
                "funding_date": project.funding_date, "source": project.source,
                "version": project.version}


class ProjectEventForm(EditForm):
    date = forms.DateField(label="Dato", input_formats=DATE_FORMATS, help_text=DATE_HELP)
    text = forms.CharField(label="Hændelse", widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label="Kilde", required=False)


class ProjectListForm(EditForm):
    name = forms.CharField(label="Navn", max_length=200)
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_complete = forms.BooleanField(label="Listen er fuldstændig", required=False)
    completeness_note = forms.CharField(
        label="Note om fuldstændighed", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Vises på porteføljesiden, når listen ikke er fuldstændig.")
    source = forms.CharField(label="Kilde", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_complete") is False and not (data.get("completeness_note") or "").strip():
            self.add_error("completeness_note", "Skriv hvad der mangler på listen.")
        return data
