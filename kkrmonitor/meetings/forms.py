"""Forms for meetings, agenda items, decisions and the decision register's filters.

Like the programme's forms they only validate and translate; the writing is done by
kkrmonitor.meetings.services. Edit forms carry the `version` the editor saw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import Truncator

from kkrmonitor.meetings.briefs import MAX_BRIEF_CHARS
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.meetings.services import AgendaItemData, MeetingData
from kkrmonitor.programme.forms import DanishDateField, EditForm, VersionField
from kkrmonitor.programme.models import Council, Initiative, Milestone, Recommendation, Status

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]
WIDE = "input-width-xl"  # DKFDS: up to 48rem, the full width on a phone


def _short(text: str, chars: int = 90) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


class RecommendationChoice(forms.ModelMultipleChoiceField):
    # Set for a forum's meeting, whose items may name either council's recommendations.
    name_council = False

    def label_from_instance(self, obj: Recommendation) -> str:
        label = f"{obj.number}. {_short(obj.headline)}"
        return f"{obj.programme.council.name}: {label}" if self.name_council else label


class InitiativeChoice(forms.ModelMultipleChoiceField):
    name_council = False

    def label_from_instance(self, obj: Initiative) -> str:
        rec = obj.recommendation
        if self.name_council:
            return f"{obj.title} ({rec.programme.council.name}, anbefaling {rec.number})"
        return f"{obj.title} (anbefaling {rec.number})"


class MilestoneChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Milestone) -> str:
        when = obj.label or "uden dato"
        return f"Anbefaling {obj.recommendation.number} · {when}: {_short(obj.title, 70)}"


class SingleInitiativeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Initiative) -> str:
        return (f"Anbefaling {obj.recommendation.number}: {_short(obj.title, 70)} "
                f"({obj.get_status_display().lower()}, {obj.progress} %)")


# --- meetings ------------------------------------------------------------------------------

class MeetingForm(EditForm):
    date = forms.DateField(
        label="Dato", input_formats=DATE_FORMATS,
        help_text="Fx 26.01.2026.",
        widget=forms.DateInput(attrs={"type": "date", "class": "input-width-s"},
                               format="%Y-%m-%d"))
    start_time = forms.TimeField(
        label="Klokkeslæt", required=False, input_formats=TIME_FORMATS,
        help_text="Fx 10.00. Udfyld kun, hvis tidspunktet er kendt.",
        widget=forms.TimeInput(attrs={"type": "time", "class": "input-width-xs"},
                               format="%H:%M"))
    place = forms.CharField(label="Sted", max_length=200, required=False,
                            widget=forms.TextInput(attrs={"class": WIDE}))
    state = forms.ChoiceField(label="Status", choices=Meeting.State.choices,
                              initial=Meeting.State.PLANNED, widget=forms.RadioSelect)
    title = forms.CharField(
        label="Titel", max_length=200, required=False,
        help_text=("Fx »Konstituerende møde«. Uden titel hedder mødet »Møde i« "
                               "rådets navn."),
        widget=forms.TextInput(attrs={"class": WIDE}))
    description = forms.CharField(label="Beskrivelse", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}))
    source = forms.CharField(
        label="Kilde", required=False,
        help_text="Hvor mødet er oplyst, fx et link til mødematerialet.",
        widget=forms.Textarea(attrs={"rows": 2, "class": WIDE}))
    joint_with = forms.ModelChoiceField(
        label="Fælles møde med", required=False, empty_label="Intet",
        queryset=Council.objects.none(),
        error_messages={"invalid_choice": "Vælg et andet råd end mødets eget, eller »Intet«."},
        help_text=("Vælg det andet råd, hvis mødet holdes sammen med det. Mødet vises da også "
                   "hos det råd, og punkterne kan handle om begge råds anbefalinger."))

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        joint_with = self.fields["joint_with"]
        assert isinstance(joint_with, forms.ModelChoiceField)
        # The other KKRs: a forum's meetings are already shared by the councils it spans.
        joint_with.queryset = (Council.objects.filter(kind=Council.Kind.KKR)
                               .exclude(pk=council.pk).order_by("name"))

    def meeting_data(self) -> MeetingData:
        data = self.cleaned_data
        return MeetingData(date=data["date"], title=data["title"],
                           start_time=data["start_time"], place=data["place"],
                           state=data["state"], description=data["description"],
                           source=data["source"], joint_with=data["joint_with"])

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        return {"date": meeting.date, "start_time": meeting.start_time, "place": meeting.place,
                "state": meeting.state, "title": meeting.title,
                "description": meeting.description, "source": meeting.source,
                "joint_with": meeting.joint_with_id, "version": meeting.version}


class MeetingEditForm(MeetingForm):
    version = VersionField()

    audit_keys = {name: [name] for name in
                  ("date", "start_time", "place", "state", "title", "description", "source",
                   "joint_with")}

    def audit_values(self) -> dict[str, Any]:
        """The cleaned values as update_meeting writes them in the audit event."""
        data = self.cleaned_data
        start = data["start_time"]
        return {**{key: data[key] for key in ("place", "state", "title", "description",
                                                "source")},
                "date": data["date"].isoformat(),
                "joint_with": str(data["joint_with"]) if data["joint_with"] else None,
                "start_time": start.isoformat(timespec="minutes") if start else None}


# --- agenda items --------------------------------------------------------------------------

def _programme_councils(council_id: int, joint_with_id: int | None = None) -> Q:
    """The councils whose programmes a meeting's items may name: the council's own, for a
    forum (Sundhedskoordinationsforum) those of the councils it spans, and for a joint meeting
    (KKR Hovedstaden with KKR Sjælland) also the other council's."""
    councils = Q(programme__council_id=council_id) | Q(programme__council__forums__pk=council_id)
    if joint_with_id is not None:
        councils |= Q(programme__council_id=joint_with_id)
    return councils


def council_recommendations(council_id: int,
                            joint_with_id: int | None = None) -> QuerySet[Recommendation]:
    return (Recommendation.objects.filter(_programme_councils(council_id, joint_with_id))
            .select_related("programme__council").distinct()
            .order_by("programme__council__name", "-programme__term_start", "number"))


def council_initiatives(council_id: int,
                        joint_with_id: int | None = None) -> QuerySet[Initiative]:
    ids = council_recommendations(council_id, joint_with_id).values("pk")
    return (Initiative.objects.filter(recommendation__in=ids)
            .select_related("recommendation__programme__council")
            .order_by("recommendation__programme__council__name",
                      "-recommendation__programme__term_start", "recommendation__number", "id"))


class AgendaItemForm(EditForm):
    number = forms.IntegerField(
        label="Punkt nr.", min_value=1, max_value=999,
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "min": 1}))
    title = forms.CharField(label="Titel", max_length=300,
                            widget=forms.TextInput(attrs={"class": WIDE}))
    kind = forms.ChoiceField(label="Type", choices=AgendaItem.Kind.choices,
                             widget=forms.RadioSelect)
    case_text = forms.CharField(label="Sagsfremstilling", required=False,
                                widget=forms.Textarea(attrs={"rows": 8, "class": WIDE}))
    recommendations = RecommendationChoice(
        label="Anbefalinger, punktet handler om", required=False,
        queryset=Recommendation.objects.none(), widget=forms.CheckboxSelectMultiple)
    initiatives = InitiativeChoice(
        label="Indsatser, punktet handler om", required=False,
        queryset=Initiative.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, meeting: Meeting, item: AgendaItem | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting, self.item = meeting, item
        recommendations = self.fields["recommendations"]
        initiatives = self.fields["initiatives"]
        assert isinstance(recommendations, forms.ModelMultipleChoiceField)
        assert isinstance(initiatives, forms.ModelMultipleChoiceField)
        recommendations.queryset = council_recommendations(meeting.council_id,
                                                           meeting.joint_with_id)
        initiatives.queryset = council_initiatives(meeting.council_id, meeting.joint_with_id)
        # Choices from more than one council's programme say whose they are.
        several = (meeting.council.kind == Council.Kind.FORUM
                   or meeting.joint_with_id is not None)
        if isinstance(recommendations, RecommendationChoice):
            recommendations.name_council = several
        if isinstance(initiatives, InitiativeChoice):
            initiatives.name_council = several

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = AgendaItem.objects.filter(meeting=self.meeting, number=number)
        if self.item is not None:
            taken = taken.exclude(pk=self.item.pk)
        if taken.exists():
            raise forms.ValidationError(
                "Mødet har allerede et punkt %(number)s.",
                code="taken", params={"number": number})
        return number

    def item_data(self) -> AgendaItemData:
        data = self.cleaned_data
        return AgendaItemData(number=data["number"], title=data["title"], kind=data["kind"],
                              case_text=data["case_text"],
                              recommendations=tuple(data["recommendations"]),
                              initiatives=tuple(data["initiatives"]))

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        return {"number": item.number, "title": item.title, "kind": item.kind,
                "case_text": item.case_text,
                "recommendations": [r.pk for r in item.recommendations.all()],
                "initiatives": [i.pk for i in item.initiatives.all()],
                "version": item.version}


class AgendaItemEditForm(AgendaItemForm):
    version = VersionField()

    audit_keys = {name: [name] for name in
                  ("number", "title", "kind", "case_text", "recommendations", "initiatives")}

    def audit_values(self) -> dict[str, Any]:
        """The cleaned values as update_agenda_item writes them in the audit event."""
        data = self.cleaned_data
        return {"number": data["number"], "title": data["title"], "kind": data["kind"],
                "case_text": data["case_text"],
                "recommendations": sorted(str(r) for r in data["recommendations"]),
                "initiatives": sorted(str(i) for i in data["initiatives"])}


# --- decisions -----------------------------------------------------------------------------

PROGRESS_MESSAGE = "Fremdriften skal være et helt tal mellem 0 og 100."


class DecisionForm(EditForm):
    text = forms.CharField(
        label="Beslutning", max_length=10000,
        help_text="Som den står i referatet.",
        widget=forms.Textarea(attrs={"rows": 6, "class": WIDE}))
    milestone = MilestoneChoice(
        label="Milepæl", required=False, queryset=Milestone.objects.none(),
        empty_label="Ingen – beslutningen flytter ingen milepæl",
        widget=forms.Select(attrs={"class": WIDE}))
    milestone_state = forms.ChoiceField(
        label="Hvad beslutningen gør ved milepælen", required=False, widget=forms.RadioSelect,
        choices=[("", "Flytter den til en ny periode (skriv den herunder)"),
                 ("reached", "Registrerer den som nået"),
                 ("missed", "Registrerer den som ikke nået"),
                 ("dropped", "Opgiver den")])
    when = DanishDateField(label="Ny periode for milepælen", required=False)
    initiative = SingleInitiativeChoice(
        label="Indsats", required=False, queryset=Initiative.objects.none(),
        empty_label="Ingen – beslutningen ændrer ingen status",
        widget=forms.Select(attrs={"class": WIDE}))
    status = forms.ChoiceField(
        label="Ny status", required=False,
        choices=[("", "Vælg status"), *Status.choices])
    progress = forms.IntegerField(
        label="Fremdrift (%)", required=False, min_value=0, max_value=100,
        help_text="Et helt tal fra 0 til 100. Tomt: uændret (100 ved afsluttet).",
        error_messages={"invalid": PROGRESS_MESSAGE, "min_value": PROGRESS_MESSAGE,
                        "max_value": PROGRESS_MESSAGE},
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "min": 0, "max": 100}))
    narrative = forms.CharField(
        label="Beskrivelse af den nye status", required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": WIDE}))

    def __init__(self, *args: Any, agenda_item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_id = agenda_item.meeting.council_id
        milestone = self.fields["milestone"]
        initiative = self.fields["initiative"]
        assert isinstance(milestone, forms.ModelChoiceField)
        assert isinstance(initiative, forms.ModelChoiceField)
        milestone.queryset = (
            Milestone.objects.filter(recommendation__programme__council_id=council_id)
            .select_related("recommendation", "initiative")
            .order_by("-recommendation__programme__term_start", "recommendation__number",
                      "end", "id"))
        initiative.queryset = council_initiatives(council_id, agenda_item.meeting.joint_with_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        milestone, when = data.get("milestone"), data.get("when")
        if data.get("milestone_state"):
            if not milestone and not self.has_error("milestone"):
                self.add_error("milestone", "Vælg den milepæl, beslutningen handler om.")
            if when and not self.has_error("when"):
                self.add_error("when", "En ny periode hører kun til, når milepælen flyttes.")
        elif milestone and not when and not self.has_error("when"):
            self.add_error("when", "Skriv, hvornår milepælen nu skal nås.")
        if when and not milestone and not self.has_error("milestone"):
            self.add_error("milestone", "Vælg den milepæl, der flyttes.")
        initiative, status = data.get("initiative"), data.get("status")
        if initiative and not status:
            self.add_error("status", "Vælg indsatsens nye status.")
        if status and not initiative and not self.has_error("initiative"):
            self.add_error("initiative", "Vælg den indsats, der får ny status.")
        if initiative and status and data.get("progress") is None:
            data["progress"] = 100 if status == Status.DONE else initiative.progress
        return data


# --- the decision register's filters -------------------------------------------------------

class RegisterFilterForm(forms.Form):
    """GET filters: `anbefaling` (a recommendation's number) and `aar` (the meeting's year).
    Works without JavaScript: choosing and pressing "Vis" reloads the page."""

    anbefaling = forms.TypedChoiceField(label="Anbefaling", required=False,
                                        coerce=int, empty_value=None)
    aar = forms.TypedChoiceField(label="År", required=False, coerce=int,
                                 empty_value=None)

    def __init__(self, *args: Any, recommendations: list[Recommendation],
                 years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anbefaling = self.fields["anbefaling"]
        aar = self.fields["aar"]
        assert isinstance(anbefaling, forms.ChoiceField) and isinstance(aar, forms.ChoiceField)
        anbefaling.choices = [("", "Alle anbefalinger")] + [
            (str(r.number), f"{r.number}. {_short(r.headline, 60)}") for r in recommendations]
        aar.choices = [("", "Alle år")] + [(str(y), str(y)) for y in years]
        anbefaling.widget.attrs["class"] = f"form-select {WIDE}"
        aar.widget.attrs["class"] = "form-select input-width-xs"


class BriefForm(EditForm):
    """The secretariat's short status on one recommendation for the meeting's annex."""

    text = forms.CharField(
        label="Sekretariatets korte status", required=False, max_length=MAX_BRIEF_CHARS,
        help_text=(f"Et par sætninger til rådet om, hvor anbefalingen står. Højst "
                   f"{MAX_BRIEF_CHARS} tegn. Tom: bilaget viser ingen kort status."),
        widget=forms.Textarea(attrs={"rows": 4, "class": WIDE}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages={
        "required": "Siden mangler versionsnummeret. Genindlæs siden og prøv igen."})
    audit_keys = {"text": ["text"]}

    def audit_values(self) -> dict[str, Any]:
        return {"text": self.cleaned_data.get("text", "")}
