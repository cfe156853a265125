"""Forms for reports, reviews, joint initiatives, bulk import and portfolio projects. The bulk
import validates every row with StageReportForm, the same form a municipal contact fills in."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from kkrmonitor.joint.models import (
    NOT_GIVEN,
    JointInitiative,
    JointStage,
    PortfolioStage,
    Project,
    ProjectList,
)
from kkrmonitor.joint.services import JointData, StageEdit
from kkrmonitor.programme.forms import EditForm, VersionField
from kkrmonitor.programme.models import Council, Initiative
from kkrmonitor.upload_limits import STAGES, UploadRefused, check_size

DATE_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
DATE_HELP = "Skriv datoen som dd.mm.åååå, fx 15.06.2026."


class StageReportForm(EditForm):
    stage: forms.ModelChoiceField[JointStage] = forms.ModelChoiceField(
        label="Trin", queryset=None, empty_label=None,
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
    initiative: forms.ModelChoiceField[Initiative] = forms.ModelChoiceField(
        label="Indsats", queryset=None,
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
                                     "Dato og Note. Den eksporterede fil kan bruges som skabelon. "
                                     "Højst 2 MB og 1.000 rækker; formler afvises.",
                           error_messages={"required": "Vælg en fil."})

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, STAGES)  # before the file is read
        except UploadRefused as error:
            raise forms.ValidationError(f"{upload.name}: {error}.") from None
        return upload


class ProjectForm(EditForm):
    name = forms.CharField(label="Navn", max_length=300)
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    stage: forms.ModelChoiceField[PortfolioStage] = forms.ModelChoiceField(
        label="Fase", queryset=None,
                                   required=False, empty_label=NOT_GIVEN)
    lists: forms.ModelMultipleChoiceField[ProjectList] = forms.ModelMultipleChoiceField(
        label="Lister", queryset=None,
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


class ProjectEditForm(ProjectForm):
    """Editing a project: the version the editor saw is required, so a save on top of someone
    else's is refused and merged (kkrmonitor.web.conflicts)."""

    version = VersionField()

    audit_keys = {"name": ["name"], "description": ["description"], "stage": ["stage_id"],
                  "lists": ["lists"], "responsible_authority": ["responsible_authority"],
                  "state_funding_dkk": ["state_funding_dkk"],
                  "funding_decision": ["funding_decision"], "funding_date": ["funding_date"],
                  "source": ["source"]}

    def audit_values(self) -> dict[str, Any]:
        """The cleaned values as update_project writes them in the audit event."""
        d = self.cleaned_data
        funding = d["state_funding_dkk"]
        return {"name": d["name"], "description": d["description"],
                "stage_id": d["stage"].name if d["stage"] else NOT_GIVEN,
                "lists": sorted(x.name for x in d["lists"]),
                "responsible_authority": d["responsible_authority"],
                "state_funding_dkk": None if funding is None else str(funding),
                "funding_decision": d["funding_decision"],
                "funding_date": d["funding_date"].isoformat() if d["funding_date"] else None,
                "source": d["source"]}


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


class JointEditForm(EditForm):
    """A joint effort's dates, source and stage path. Each existing stage has a name, a number
    (its place in the path) and a "remove" box; one blank row adds a stage. The numbers decide
    the order, so reordering works without JavaScript."""

    start = forms.DateField(label="Start", input_formats=DATE_FORMATS, help_text=DATE_HELP,
                            error_messages={"required": "Skriv startdatoen.",
                                            "invalid": "Datoen kan ikke læses; skriv den som "
                                                       "dd.mm.åååå."})
    deadline = forms.DateField(label="Frist", input_formats=DATE_FORMATS, help_text=DATE_HELP,
                               error_messages={"required": "Skriv fristen.",
                                               "invalid": "Datoen kan ikke læses; skriv den som "
                                                          "dd.mm.åååå."})
    dates_note = forms.CharField(
        label="Note om datoerne", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hvor start og frist kommer fra, hvis ingen kilde angiver dem. Vises på "
                  "indsatsens side.")
    source = forms.CharField(label="Kilde", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()

    audit_keys = {"start": ["start"], "deadline": ["deadline"], "dates_note": ["dates_note"],
                  "source": ["source"]}

    NUMBER_ERRORS = {"required": "Skriv trinnets nummer.", "invalid": "Skriv et helt tal.",
                     "min_value": "Nummeret skal være mindst 1.",
                     "max_value": "Nummeret må højst være 99."}

    def __init__(self, stages: list[JointStage], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages = stages
        for n, stage in enumerate(stages, start=1):
            self.fields[f"stage_{stage.pk}_name"] = forms.CharField(
                label=f"Navn på trin {n}", max_length=100,
                error_messages={"required": "Skriv trinnets navn, eller markér det til "
                                            "fjernelse."})
            self.fields[f"stage_{stage.pk}_number"] = forms.IntegerField(
                label=f"Nummer for trin {n}", min_value=1, max_value=99,
                error_messages=self.NUMBER_ERRORS)
            self.fields[f"stage_{stage.pk}_remove"] = forms.BooleanField(
                label=f"Fjern trinnet »{stage.name}«", required=False)
        self.fields["new_name"] = forms.CharField(
            label="Navn på nyt trin", max_length=100, required=False,
            help_text="Lad feltet stå tomt, hvis der ikke skal tilføjes et trin.")
        self.fields["new_number"] = forms.IntegerField(
            label="Nummer for det nye trin", min_value=1, max_value=99, required=False,
            error_messages=self.NUMBER_ERRORS)
        # Added after EditForm gave the class fields their DKFDS classes: give them theirs.
        for name, field in self.fields.items():
            if name.endswith("_name"):
                field.widget.attrs["class"] = "form-input"
            if name.endswith("_number"):
                field.widget.attrs.update({"class": "form-input input-width-xs",
                                           "inputmode": "numeric"})
            if name.endswith("_remove"):
                field.widget.attrs["class"] = "form-checkbox"

    @classmethod
    def initial_for(cls, joint: JointInitiative, stages: list[JointStage]) -> dict[str, Any]:
        initial: dict[str, Any] = {"start": joint.start, "deadline": joint.deadline,
                                   "dates_note": joint.dates_note, "source": joint.source,
                                   "version": joint.version,
                                   "new_number": len(stages) + 1}
        for n, stage in enumerate(stages, start=1):
            initial[f"stage_{stage.pk}_name"] = stage.name
            initial[f"stage_{stage.pk}_number"] = n
        return initial

    def stage_rows(self) -> list[dict[str, Any]]:
        return [{"stage": s, "name": self[f"stage_{s.pk}_name"],
                 "number": self[f"stage_{s.pk}_number"], "remove": self[f"stage_{s.pk}_remove"]}
                for s in self.stages]

    def audit_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: (data[key].isoformat() if isinstance(data.get(key), date)
                      else (data.get(key) or "").strip() if key in ("source", "dates_note")
                      else data.get(key)) for key in self.audit_keys}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("deadline") and data["deadline"] <= data["start"]:
            self.add_error("deadline", "Fristen skal ligge efter starten.")
        # (number, order on the page, field prefix, stage id or None for the new one, name)
        rows: list[tuple[int, int, str, int | None, str]] = []
        for order, stage in enumerate(self.stages):
            prefix = f"stage_{stage.pk}"
            if data.get(f"{prefix}_remove"):
                continue
            if data.get(f"{prefix}_number") is None or not data.get(f"{prefix}_name"):
                return data  # the field's own error says what is missing
            rows.append((data[f"{prefix}_number"], order, prefix, stage.pk,
                         data[f"{prefix}_name"].strip()))
        new_name = (data.get("new_name") or "").strip()
        if new_name:
            if data.get("new_number") is None:
                if "new_number" not in self.errors:
                    self.add_error("new_number", "Skriv nummeret for det nye trin.")
                return data
            rows.append((data["new_number"], len(self.stages), "new", None, new_name))
        seen_numbers: dict[int, str] = {}
        seen_names: dict[str, str] = {}
        for number, _, prefix, _, name in rows:
            if number in seen_numbers:
                self.add_error(f"{prefix}_number",
                               f"Nummeret {number} er også givet til »{seen_numbers[number]}«; "
                               "giv hvert trin sit eget nummer.")
            seen_numbers.setdefault(number, name)
            if name.lower() in seen_names:
                self.add_error(f"{prefix}_name", f"Et andet trin hedder også »{name}«.")
            seen_names.setdefault(name.lower(), name)
        if len(rows) < 2:
            raise forms.ValidationError("En fælles indsats skal have mindst to trin.")
        rows.sort()
        data["path"] = tuple(StageEdit(pk, name) for _, _, _, pk, name in rows)
        return data

    def joint_data(self) -> JointData:
        d = self.cleaned_data
        return JointData(start=d["start"], deadline=d["deadline"], source=d["source"],
                         dates_note=d["dates_note"], stages=d["path"])


class ShareForm(EditForm):
    council: forms.ModelChoiceField[Council] = forms.ModelChoiceField(
        label="Råd", queryset=None,
                                     empty_label="Vælg et råd",
                                     error_messages={"required": "Vælg et råd.",
                                                     "invalid_choice": "Vælg et af rådene på "
                                                                       "listen."})

    def __init__(self, councils: QuerySet[Council], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils  # type: ignore[attr-defined]
