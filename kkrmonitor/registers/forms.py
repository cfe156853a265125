"""The register forms: a row (one field per column, built from the register's columns), a
column (the secretariat defines the register's columns), the register's own text, and the
file import."""

from __future__ import annotations

from typing import Any

from django import forms

from kkrmonitor.programme.forms import EditForm
from kkrmonitor.programme.models import Council, Publication, Recommendation
from kkrmonitor.registers.cells import CellError, Names, edit_text, parse_cell
from kkrmonitor.registers.models import Column, ColumnKind, Register, Row
from kkrmonitor.registers.services import column_has_values, spec

PUBLICATION_CHOICES = [(Publication.DRAFT, "Kladde – kun synlig for brugere, der er logget "
                        "ind"), (Publication.PUBLISHED, "Offentliggjort – synlig for alle")]


class ErrorSummary:
    """The error summary's links (includes/forms/_form_errors.html), as the programme's
    forms give them."""

    field_errors = EditForm.field_errors
    hidden_errors = EditForm.hidden_errors


def field_name(column: Column) -> str:
    return f"kolonne_{column.pk}"


class RowForm(ErrorSummary, forms.Form):
    """Every column as a text field (a list column as a select), read by the same rules as the
    import (registers.cells)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, columns: list[Column], names: Names, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.columns, self.names = columns, names
        for column in columns:
            label = column.name + (f" ({column.unit})" if column.unit else "") + \
                (" (kr.)" if column.kind == ColumnKind.AMOUNT else "")
            field: forms.Field
            if column.kind == ColumnKind.CHOICE:
                field = forms.ChoiceField(choices=[("", "Vælg")] + [(c, c) for c in
                                                                  column.choices])
            elif column.kind in (ColumnKind.MUNICIPALITY, ColumnKind.ACTOR, ColumnKind.USER):
                options: list[str] = list(
                    names.municipalities.values() if column.kind == ColumnKind.MUNICIPALITY
                    else names.actors.values() if column.kind == ColumnKind.ACTOR
                    else names.users.values())
                labels = sorted(options, key=str.lower)
                field = forms.ChoiceField(choices=[("", "Vælg")] + [(v, v) for v in labels])
            elif column.kind == ColumnKind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2,
                                                                     "class": "form-input"}))
            else:
                field = forms.CharField(max_length=500)
            field.required = column.required
            field.label = label
            field.help_text = column.help_text
            field.widget.attrs.setdefault("class", "form-input" if not isinstance(
                field, forms.ChoiceField) else "form-select")
            self.fields[field_name(column)] = field
        self.fields["publication"] = forms.ChoiceField(
            label="Offentliggørelse", choices=PUBLICATION_CHOICES,
            widget=forms.RadioSelect(attrs={"class": "form-radio"}),
            initial=Publication.DRAFT)

    @staticmethod
    def initial_for(row: Row, columns: list[Column], names: Names) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": row.version, "publication": row.publication}
        for column in columns:
            initial[field_name(column)] = edit_text(spec(column), row.values.get(column.key),
                                                    names)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values: dict[str, Any] = {}
        for column in self.columns:
            name = field_name(column)
            if name not in cleaned:
                continue
            try:
                values[column.key] = parse_cell(spec(column), cleaned[name], self.names)
            except CellError as error:
                self.add_error(name, f"{str(error)[:1].upper()}{str(error)[1:]}.")
        if not self.errors and not any(v is not None for v in values.values()):
            raise forms.ValidationError("Udfyld mindst ét felt; en tom række gemmes ikke.")
        cleaned["values"] = values
        return cleaned


class ColumnForm(ErrorSummary, forms.ModelForm):
    choices_text = forms.CharField(
        label="Valgmuligheder", required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
        help_text="Kun for en valgliste: én valgmulighed pr. linje.")

    class Meta:
        model = Column
        fields = ["name", "kind", "unit", "help_text", "required", "position"]
        labels = {"name": "Navn", "kind": "Type", "unit": "Enhed",
                  "help_text": "Vejledning til den, der udfylder", "required": "Skal udfyldes",
                  "position": "Placering"}
        help_texts = {"unit": "Kun for et tal med enhed, fx »pladser« eller »%«.",
                      "position": "Kolonnerne vises i rækkefølge efter placering (0 først)."}
        widgets = {"name": forms.TextInput(attrs={"class": "form-input"}),
                   "kind": forms.Select(attrs={"class": "form-select"}),
                   "unit": forms.TextInput(attrs={"class": "form-input"}),
                   "help_text": forms.TextInput(attrs={"class": "form-input"}),
                   "required": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
                   "position": forms.NumberInput(attrs={"class": "form-input input-width-xs"})}

    def __init__(self, register: Register, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.register = register
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(self.instance.choices or [])

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        taken = self.register.columns.exclude(pk=self.instance.pk).filter(name__iexact=name)
        if taken.exists():
            raise forms.ValidationError("Registret har allerede en kolonne med det navn.")
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choices = [" ".join(line.split()) for line in
                   cleaned.get("choices_text", "").splitlines() if line.strip()]
        cleaned["choices"] = list(dict.fromkeys(choices))
        if cleaned.get("kind") == ColumnKind.CHOICE and not choices:
            self.add_error("choices_text", "En valgliste skal have mindst én valgmulighed.")
        original = Column.objects.filter(pk=self.instance.pk).first()
        if original and cleaned.get("kind") and cleaned["kind"] != original.kind \
                and column_has_values(original):
            self.add_error("kind", "Typen kan ikke ændres, når rækker har en værdi i "
                                   "kolonnen. Opret en ny kolonne i stedet.")
        return cleaned

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"name": d["name"], "kind": d["kind"], "unit": d["unit"],
                "choices": d["choices"], "help_text": d["help_text"],
                "required": d["required"], "position": d["position"]}


class RegisterForm(ErrorSummary, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label="Titel", max_length=300,
                            widget=forms.TextInput(attrs={"class": "form-input"}))
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4,
                                                               "class": "form-input"}))
    source = forms.CharField(label="Kilde", required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
                             help_text="Hvor registrets oplysninger stammer fra.")
    published = forms.BooleanField(
        label="Registret er offentligt", required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}))


class NewRegisterForm(ErrorSummary, forms.Form):
    council = forms.ModelChoiceField(
        label="Råd", queryset=Council.objects.all(), empty_label="Vælg",
        widget=forms.Select(attrs={"class": "form-select"}))
    recommendation = forms.ModelChoiceField(
        label="Anbefaling", required=False, empty_label="Ingen bestemt anbefaling",
        queryset=Recommendation.objects.select_related("programme__council").order_by(
            "programme__council__name", "-programme__term_start", "number"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Anbefalingens side linker til registret.")
    title = forms.CharField(label="Titel", max_length=300,
                            widget=forms.TextInput(attrs={"class": "form-input"}))
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4,
                                                               "class": "form-input"}))
    source = forms.CharField(label="Kilde", required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
                             help_text="Hvor registrets oplysninger stammer fra.")

    def __init__(self, councils: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Offered: the councils the user edits; a posted other council is refused by the view.
        self.fields["council"].widget.choices = [("", "Vælg")] + [
            (c.pk, c.name) for c in councils]
        self.fields["recommendation"].label_from_instance = (  # type: ignore[attr-defined]
            lambda r: f"{r.programme.council.name} {r.programme.term}: anbefaling {r.number}")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        council, rec = cleaned.get("council"), cleaned.get("recommendation")
        if council and rec and rec.programme.council_id != council.pk:
            self.add_error("recommendation", "Anbefalingen hører til et andet råds program.")
        return cleaned


class ImportForm(ErrorSummary, forms.Form):
    file = forms.FileField(label="Fil (CSV eller XLSX)",
                           widget=forms.ClearableFileInput(attrs={"class": "form-input",
                                                                  "accept": ".csv,.xlsx"}))
