"""Editing forms for the secretariat and the municipal contacts, rendered with DKFDS markup by
templates/editing/_field*.html.

Forms only validate and translate: what they produce goes to the service functions in
services.py, which do the writing. Forms that edit an existing row carry the `version` the
editor saw, so a save made meanwhile by someone else is refused rather than overwritten, and
they can say which audit-event fields each input stands for, so a conflict can be merged
(kkrmonitor.programme.edit_views.resolve_conflict)."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy

from kkrmonitor.meetings.danish_format import danish_date
from kkrmonitor.parsing.danish_dates import DateWindow, parse_window
from kkrmonitor.programme.models import (
    Actor,
    Initiative,
    Milestone,
    MilestoneState,
    Municipality,
    Publication,
    Recommendation,
    Status,
)
from kkrmonitor.programme.services import InitiativeData

# Examples of what the date parser understands, shown in the help text and in the error.
DATE_EXAMPLES = ("foråret 2026", "juni 2026", "15. juni 2026", "15.06.2026",
                 "andet halvår 2026", "3. kvartal 2026", "primo 2026",
                 "inden udgangen af 2027", "fra 2026", "2026-2029")


def _quoted(examples: tuple[str, ...]) -> Any:
    quoted = [f"»{e}«" for e in examples]
    return format_lazy("{list} eller {last}", list=", ".join(quoted[:-1]),
                       last=quoted[-1])


class HasWindow(Protocol):
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...


def window_dates(window: HasWindow | None) -> str:
    """The exact dates a window (a DateWindow, or a row with start and end) stands for, in
    Danish, with the year on both ends: "1. marts 2026 – 31. maj 2026", "15. juni 2026",
    "senest 31. december 2027", "fra 1. januar 2026"."""
    if window is None or (window.start is None and window.end is None):
        return ""

    day = danish_date  # Django's Danish "j. F Y", without its per-call locale work
    if window.start is None:
        assert window.end is not None
        return f"senest {day(window.end)}"
    if window.end is None:
        return f"fra {day(window.start)}"
    if window.start == window.end:
        return day(window.start)
    return f"{day(window.start)} – {day(window.end)}"


def date_text_preview(text: str | None) -> tuple[str, bool]:
    """(what to show beside a date field, whether the text was understood)."""
    if not text or not text.strip():
        return "", True
    window = parse_window(text)
    if window is None:
        return "Kan ikke læses som en dato endnu.", False
    return window_dates(window), True


class DanishDateInput(forms.TextInput):
    """A text input that, with htmx, asks the server for the dates as the user types. The
    answer lands in the element `<id>-preview`, which the input is described by."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        preview_id = f"{widget_attrs.get('id', name)}-preview"
        described = widget_attrs.get("aria-describedby", "")
        widget_attrs["aria-describedby"] = f"{described} {preview_id}".strip()
        widget_attrs.update({
            "hx-get": reverse("date_preview"),
            "hx-trigger": "keyup changed delay:400ms, change",
            "hx-target": f"#{preview_id}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
            "autocomplete": "off",
        })
        return context


class DanishDateField(forms.Field):
    """A date window typed in Danish ("foråret 2026"), read by the same parser as the importer.
    Cleans to a DateWindow (or None when optional and empty)."""

    widget = DanishDateInput
    default_error_messages = {
        "unparsed": "Datoen kan ikke forstås. Skriv den på dansk, fx %(examples)s.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", format_lazy(
            "Skriv på dansk, fx {examples}.",
            examples=_quoted(DATE_EXAMPLES[:4] + DATE_EXAMPLES[7:8])))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> DateWindow | None:
        if isinstance(value, DateWindow):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        window = parse_window(text)
        if window is None:
            raise forms.ValidationError(self.error_messages["unparsed"], code="unparsed",
                                        params={"examples": _quoted(DATE_EXAMPLES)})
        return window

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, DateWindow):
            return value.label
        return value


class EditForm(forms.Form):
    """DKFDS classes on every widget, and the error summary's (id, label, message) list."""

    # Form field name → the audit-event keys it writes, for merging after a conflict.
    audit_keys: dict[str, list[str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxSelectMultiple):
                css = "form-checkbox"
            elif isinstance(widget, forms.RadioSelect):
                css = "form-radio"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def field_errors(self) -> list[tuple[str, str, str]]:
        """(input id, label, message) for each field error, for the error summary's links."""
        result: list[tuple[str, str, str]] = []
        for bound in self:
            if bound.is_hidden:
                continue
            target = bound.id_for_label
            if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                target = f"{bound.auto_id}_0"
            result.extend((target, str(bound.label), str(error)) for error in bound.errors)
        return result

    def hidden_errors(self) -> list[str]:
        return [str(e) for bound in self if bound.is_hidden for e in bound.errors]

    @property
    def when_dates(self) -> tuple[str, bool]:
        """Preview of the `when` field's current value (typed, or the stored one)."""
        if "when" not in self.fields:
            return "", True
        value = self["when"].value()
        if isinstance(value, DateWindow):
            value = value.label
        return date_text_preview(value)

    def audit_values(self) -> dict[str, Any]:
        """The cleaned values as the audit log writes them (see audit._plain)."""
        return {}


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("error_messages", {
            "required": ("Siden mangler versionsnummeret. Genindlæs siden og prøv "
                                     "igen."),
            "invalid": ("Siden har et ugyldigt versionsnummer. Genindlæs siden og "
                                    "prøv igen."),
        })
        super().__init__(**kwargs)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _window_audit(window: DateWindow | None) -> dict[str, Any]:
    return {"start": _iso(window.start) if window else None,
            "end": _iso(window.end) if window else None,
            "label": window.label if window else ""}


# --- initiatives -------------------------------------------------------------------------

class InitiativeForm(EditForm):
    title = forms.CharField(label="Titel", max_length=300)
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    owner = forms.CharField(
        label="Ansvarligt organ", max_length=200, required=False,
        help_text="Fx KKR Hovedstaden, K29 eller en bestemt kommune.")
    actors = forms.ModelMultipleChoiceField(
        label="Samarbejdspartnere", required=False,
        queryset=Actor.objects.order_by("name"), widget=forms.CheckboxSelectMultiple)
    contact_person = forms.CharField(label="Kontaktperson", max_length=200,
                                     required=False)
    when = DanishDateField(label="Periode", required=False)
    weight = forms.IntegerField(
        label="Vægt", min_value=1, max_value=100, initial=1,
        help_text=("Hvor meget indsatsen tæller i anbefalingens samlede "
                               "fremdrift (1–100)."),
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "min": 1, "max": 100}))

    audit_keys = {"title": ["title"], "description": ["description"], "owner": ["owner"],
                  "actors": ["actors"], "contact_person": ["contact_person"],
                  "when": ["start", "end", "label"], "weight": ["weight"]}

    def initiative_data(self) -> InitiativeData:
        data = self.cleaned_data
        return InitiativeData(
            title=data["title"], description=data["description"], owner=data["owner"],
            contact_person=data["contact_person"], weight=data["weight"],
            window=data["when"], actors=tuple(data["actors"]))

    def audit_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "description": data["description"],
                "owner": data["owner"], "contact_person": data["contact_person"],
                "weight": data["weight"], "actors": sorted(str(a) for a in data["actors"]),
                **_window_audit(data["when"])}

    @staticmethod
    def initial_for(initiative: Initiative) -> dict[str, Any]:
        return {"title": initiative.title, "description": initiative.description,
                "owner": initiative.owner, "contact_person": initiative.contact_person,
                "actors": [a.pk for a in initiative.actors.all()],
                "when": initiative.label, "weight": initiative.weight,
                "version": initiative.version}


class InitiativeEditForm(InitiativeForm):
    version = VersionField()


class PublicationForm(EditForm):
    publication = forms.ChoiceField(choices=Publication.choices)
    version = VersionField()


class VersionForm(EditForm):
    version = VersionField()


# --- milestones --------------------------------------------------------------------------

class MilestoneForm(EditForm):
    title = forms.CharField(label="Milepæl", max_length=1000,
                            help_text=("Hvad der skal være nået, fx "
                                                   "»Godkendelse i KKR«."))
    when = DanishDateField(label="Hvornår")
    initiative = forms.ModelChoiceField(
        label="Indsats", required=False, queryset=Initiative.objects.none(),
        empty_label="Ingen – milepælen hører til anbefalingen")

    audit_keys = {"title": ["title"], "initiative": ["initiative"],
                  "when": ["start", "end", "label"]}

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Initiative.objects.filter(recommendation=recommendation).order_by("id")

    def audit_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        initiative = data["initiative"]
        return {"title": data["title"], "initiative": str(initiative) if initiative else None,
                **_window_audit(data["when"])}

    @staticmethod
    def initial_for(milestone: Milestone) -> dict[str, Any]:
        return {"title": milestone.title, "when": milestone.label,
                "initiative": milestone.initiative_id, "version": milestone.version}


class MilestoneEditForm(MilestoneForm):
    version = VersionField()


# --- status updates ----------------------------------------------------------------------

class StatusUpdateForm(EditForm):
    status = forms.ChoiceField(label="Status", choices=Status.choices,
                               widget=forms.RadioSelect)
    progress = forms.IntegerField(
        label="Fremdrift (%)", min_value=0, max_value=100,
        help_text="Et helt tal fra 0 til 100.",
        error_messages={
            "invalid": "Fremdriften skal være et helt tal mellem 0 og 100.",
            "min_value": "Fremdriften skal være et helt tal mellem 0 og 100.",
            "max_value": "Fremdriften skal være et helt tal mellem 0 og 100.",
        },
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "min": 0, "max": 100,
                                        "step": 1}))
    narrative = forms.CharField(
        label="Beskrivelse", required=False,
        help_text="Hvad er sket, og hvad er det næste skridt?",
        widget=forms.Textarea(attrs={"rows": 5}))
    as_of = forms.DateField(
        label="Dato", help_text="Den dag status gælder for.",
        widget=forms.DateInput(attrs={"type": "date", "class": "input-width-s"},
                               format="%Y-%m-%d"))

    def clean_as_of(self) -> date:
        as_of: date = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError("En status kan ikke dateres i fremtiden. Skriv den dag, "
                                        "status gælder for, senest i dag.")
        return as_of

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"status": initiative.status,
                                      "progress": initiative.progress,
                                      "as_of": timezone.localdate()})
        super().__init__(*args, **kwargs)


# --- comments ----------------------------------------------------------------------------

class CommentForm(EditForm):
    text = forms.CharField(label="Kommentar", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality] | None = None,
                 addressees: QuerySet[Municipality] | None = None, **kwargs: Any) -> None:
        """`municipalities`: those a contact may speak for. Only when there are several is
        there anything to choose; with one (the usual case) it is fixed and never read from
        the request. `addressees`: the municipalities the secretariat may address the comment
        to (None: the field is not there, as for a contact)."""
        super().__init__(*args, **kwargs)
        if addressees is not None:
            self.fields["addressed_to"] = forms.ModelChoiceField(
                label="Til kommune", queryset=addressees, required=False, empty_label="Ingen",
                help_text="Kommentaren vises i kommunens kontaktpersoners arbejdsliste.",
                error_messages={"invalid_choice": "Vælg en af rådets kommuner fra listen."})
            self.fields["addressed_to"].widget.attrs["class"] = "form-select"
        self.fixed_municipality: Municipality | None = None
        if municipalities is not None:
            choices = list(municipalities)
            if len(choices) == 1:
                self.fixed_municipality = choices[0]
            elif choices:
                self.fields["municipality"] = forms.ModelChoiceField(
                    label="På vegne af", queryset=municipalities, empty_label=None)
                self.fields["municipality"].widget.attrs["class"] = "form-select"

    def speaking_for(self) -> Municipality | None:
        """The municipality the comment is made for; None: the secretariat."""
        if self.fixed_municipality is not None:
            return self.fixed_municipality
        return self.cleaned_data.get("municipality")

    def addressed_to(self) -> Municipality | None:
        """The municipality the comment is addressed to; None when there is no such field."""
        return self.cleaned_data.get("addressed_to") if "addressed_to" in self.fields else None



# --- milestone outcomes --------------------------------------------------------------------

class MilestoneOutcomeForm(EditForm):
    """What became of a milestone; services.set_milestone_outcome checks the rules (reason for a
    move or a drop, a readable new deadline, no outcome dated in the future)."""

    state = forms.ChoiceField(label="Udfald", choices=MilestoneState.choices,
                              widget=forms.RadioSelect)
    on = forms.DateField(
        label="Dato", required=False,
        help_text="Den dag milepælen blev nået, flyttet eller opgivet, eller fristen blev "
                  "overskredet. Tom: i dag.",
        widget=forms.DateInput(attrs={"type": "date", "class": "input-width-s"},
                               format="%Y-%m-%d"))
    reason = forms.CharField(
        label="Begrundelse", required=False,
        help_text="Skal udfyldes, når milepælen flyttes eller opgives. Vises offentligt.",
        widget=forms.Textarea(attrs={"rows": 3}))
    new_when = forms.CharField(
        label="Ny frist", required=False, max_length=100,
        help_text="Kun når milepælen flyttes. Skriv på dansk, fx »efteråret 2026«.")
    version = VersionField()

    audit_keys = {"state": ["state"], "on": ["state_on"], "reason": ["state_reason"],
                  "new_when": ["label"]}

    def audit_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"state": data.get("state"),
                "state_on": data["on"].isoformat() if data.get("on") else None,
                "state_reason": data.get("reason", ""), "label": data.get("new_when", "")}

    @staticmethod
    def initial_for(milestone: Milestone) -> dict[str, Any]:
        return {"state": milestone.state, "on": milestone.state_on,
                "reason": milestone.state_reason, "new_when": "",
                "version": milestone.version}
