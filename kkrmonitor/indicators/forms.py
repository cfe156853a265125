"""Forms for editors: an indicator's definition and an upload of observations. They validate;
the writing is done by kkrmonitor.indicators.services."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.text import Truncator

from kkrmonitor.access import Access
from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.selection_fields import add_selection_fields, selection_from
from kkrmonitor.programme.models import Council, Recommendation


class RecommendationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Recommendation) -> str:
        headline = Truncator(" ".join(obj.headline.split())).chars(80)
        return f"{obj.programme.council.name} {obj.programme.term}, {obj.number}. {headline}"


class ErrorSummaryMixin:
    def field_errors(self) -> list[tuple[str, str, str]]:
        """(element id, label, message) for the error summary at the top of the page."""
        out: list[tuple[str, str, str]] = []
        for name, errors in self.errors.items():  # type: ignore[attr-defined]
            if name == "__all__":
                continue
            bound = self[name]  # type: ignore[index]
            out.extend((bound.id_for_label, str(bound.label), str(e)) for e in errors)
        return out


class IndicatorForm(ErrorSummaryMixin, forms.ModelForm):
    # Kept as it is while the table's variables are not shown (the table's description could
    # not be fetched); otherwise built from the select lists (selection_fields).
    statbank_selection = forms.CharField(label="Udvalg af variable", required=False,
                                         widget=forms.HiddenInput)
    recommendations = RecommendationChoice(
        label="Anbefalinger", required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Recommendation.objects.select_related("programme__council")
        .order_by("programme__council__name", "-programme__term_start", "number"))

    class Meta:
        model = Indicator
        fields = ["name", "slug", "council", "unit", "description", "source", "kind",
                  "statbank_table", "statbank_selection", "area_variable", "time_variable",
                  "numerator", "denominator", "scale", "additive", "recommendations"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "source": forms.Textarea(attrs={"rows": 2}),
                   "kind": forms.RadioSelect}
        help_texts = {"slug": "Små bogstaver, tal og bindestreger; bruges i adressen.",
                      "statbank_table": "Fx FOLK1A. Vælg derefter tabellens variable nedenfor.",
                      "additive": "Sæt kryds for antal og beløb (summen over rådets kommuner "
                                  "giver mening), ikke for andele og tal pr. indbygger."}

    def __init__(self, *args: Any, access: Access, tableinfo: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        # The councils this user maintains indicators for; administrators may also leave the
        # field empty (a national indicator). An editor's only council is chosen for them.
        councils = Council.objects.order_by("name")
        if not access.is_admin:
            councils = councils.filter(pk__in=access.editor_councils)
        council_field = self.fields["council"]
        council_field.queryset = councils  # type: ignore[attr-defined]
        council_field.required = False
        council_field.empty_label = "Ingen (national, kun administratorer)"  # type: ignore[attr-defined]
        if not access.is_admin and not self.instance.pk and len(access.editor_councils) == 1:
            self.initial.setdefault("council", next(iter(access.editor_councils)))
        recommendations = self.fields["recommendations"]
        if not access.is_admin:
            recommendations.queryset = recommendations.queryset.filter(  # type: ignore[attr-defined]
                programme__council__in=access.editor_councils)
        others = Indicator.objects.exclude(kind=Indicator.Kind.DERIVED)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        cast(forms.ModelChoiceField, self.fields["numerator"]).queryset = others
        cast(forms.ModelChoiceField, self.fields["denominator"]).queryset = others
        cast(forms.ChoiceField, self.fields["kind"]).choices = Indicator.Kind.choices
        if self.instance.pk and not self.is_bound:
            self.initial["statbank_selection"] = json.dumps(
                self.instance.statbank_selection or {}, ensure_ascii=False)
        for name in ("numerator", "denominator"):
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = "Ingen"
        self.selection_names: list[str] = []
        if tableinfo is not None:
            self.selection_names = add_selection_fields(
                self, tableinfo, self.instance.area_variable or "OMRÅDE",
                self.instance.time_variable or "Tid", self.instance.statbank_selection or {})
        _dkfds_classes(self)

    def clean_statbank_selection(self) -> dict[str, list[str]]:
        text = (self.cleaned_data.get("statbank_selection") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError("Udvalget skal være gyldig JSON.") from None
        if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v)
                for v in value.values()):
            raise forms.ValidationError(
                'Skriv variablerne som {"VARIABEL": ["kode", …]}.')
        return value

    def selection_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.selection_names]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if self.selection_names and kind == Indicator.Kind.STATBANK:
            data["statbank_selection"] = selection_from(data, self.selection_names)
        if kind == Indicator.Kind.STATBANK and not data.get("statbank_table"):
            self.add_error("statbank_table", "Angiv tabellen i Statistikbanken.")
        if kind == Indicator.Kind.DERIVED:
            if not data.get("numerator"):
                self.add_error("numerator", "En beregnet indikator skal have en tæller.")
            if not data.get("denominator"):
                self.add_error("denominator", "En beregnet indikator skal have en nævner.")
            if data.get("numerator") and data.get("numerator") == data.get("denominator"):
                self.add_error("denominator", "Tæller og nævner skal være forskellige.")
        council = data.get("council")
        if council is None and not self.access.is_admin and len(self.access.editor_councils) == 1:
            # An editor of one council maintains only that council's indicators.
            council = data["council"] = Council.objects.get(pk=next(iter(
                self.access.editor_councils)))
        if council is None and not self.access.is_admin:
            self.add_error("council", "Vælg det råd, indikatoren hører til. Kun administratorer "
                                      "kan oprette og redigere nationale indikatorer.")
        elif council is not None:
            foreign = [r for r in data.get("recommendations") or []
                       if r.programme.council_id != council.pk]
            if foreign:
                self.add_error("recommendations", "En indikator kan kun kobles til "
                                                  f"anbefalinger fra {council.name}.")
        return data


def _dkfds_classes(form: forms.BaseForm) -> None:
    """DKFDS's classes on every widget: without form-radio and form-checkbox the design
    system's hidden native inputs have no drawn replacement (0 × 0 px)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            css = "form-checkbox"
        elif isinstance(widget, forms.RadioSelect):
            css = "form-radio"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-input"
        if css not in widget.attrs.get("class", "").split():
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class UploadForm(ErrorSummaryMixin, forms.Form):
    file = forms.FileField(
        label="Fil (.csv eller .xlsx)",
        help_text=("Første række navngiver kolonnerne kommune (kode eller navn), periode "
                   "(2024, 2024K1 eller 2024M01) og værdi — eller OMRÅDE;TID;INDHOLD som i "
                   'Statistikbankens eksport. ".." og tomme celler gemmes som manglende tal.'),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}))
