"""The table of write services and the test that proves each one's change shows at once on the
cached public pages (or, for a write no public page shows, that it keeps other pages cached).
A new service that calls `record(` fails `test_every_recording_function_is_listed` until it is
added here with its test — or with the reason no public page shows it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from kkrmonitor.pagecache.scopes import Pending, Traced

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = "tests.pagecache.test_programme_writes_show_at_once"
MEETINGS = "tests.pagecache.test_meeting_writes_show_at_once"
JOINT = "tests.pagecache.test_joint_and_register_writes_show_at_once"
OTHER = "tests.pagecache.test_other_writes_show_at_once"

# "module:function that calls record(" -> "test module::test" proving its change shows at once.
SHOWN = {
    "kkrmonitor.programme.services:create_initiative":
        f"{PROGRAMME}::test_create_and_publish_initiative",
    "kkrmonitor.programme.services:set_initiative_publication":
        f"{PROGRAMME}::test_create_and_publish_initiative",
    "kkrmonitor.programme.services:update_initiative": f"{PROGRAMME}::test_update_initiative",
    "kkrmonitor.programme.services:confirm_unchanged": f"{PROGRAMME}::test_confirm_unchanged",
    "kkrmonitor.programme.services:create_recommendation":
        f"{PROGRAMME}::test_create_and_update_recommendation",
    "kkrmonitor.programme.services:update_recommendation":
        f"{PROGRAMME}::test_create_and_update_recommendation",
    "kkrmonitor.programme.services:set_recommendation_actors":
        f"{PROGRAMME}::test_set_recommendation_actors",
    **{f"kkrmonitor.programme.services:{name}_history_entry":
       f"{PROGRAMME}::test_history_entry_create_update_delete"
       for name in ("create", "update", "delete")},
    **{f"kkrmonitor.programme.services:{name}":
       f"{PROGRAMME}::test_milestone_create_update_outcome_delete"
       for name in ("create_milestone", "update_milestone", "delete_milestone",
                    "set_milestone_outcome")},
    "kkrmonitor.programme.services:add_status_update":
        f"{PROGRAMME}::test_status_update_added_and_published",
    "kkrmonitor.programme.services:publish_status_update":
        f"{PROGRAMME}::test_status_update_added_and_published",
    **{f"kkrmonitor.programme.obligations:{name}":
       f"{PROGRAMME}::test_obligation_create_and_update_sync_its_milestones"
       for name in ("create_obligation", "update_obligation", "sync_milestones")},
    **{f"kkrmonitor.programme.obligations:{name}_external_event":
       f"{PROGRAMME}::test_external_event_create_update_delete"
       for name in ("create", "update", "delete")},
    "kkrmonitor.programme.importing:_save_programme":
        f"{OTHER}::test_programme_import_restores_a_headline",
    "kkrmonitor.programme.reference_loading:_upsert":
        f"{OTHER}::test_reference_data_loader_restores_a_council_name",
    "kkrmonitor.meetings.services:create_meeting": f"{MEETINGS}::test_create_and_update_meeting",
    "kkrmonitor.meetings.services:update_meeting": f"{MEETINGS}::test_create_and_update_meeting",
    "kkrmonitor.meetings.services:add_agenda_item":
        f"{MEETINGS}::test_agenda_item_added_and_updated",
    "kkrmonitor.meetings.services:update_agenda_item":
        f"{MEETINGS}::test_agenda_item_added_and_updated",
    "kkrmonitor.meetings.services:record_decision": f"{MEETINGS}::test_decision_and_its_effects",
    "kkrmonitor.meetings.annex:finalise_annex": f"{MEETINGS}::test_finalised_annex",
    "kkrmonitor.meetings.document_import:_import": f"{MEETINGS}::test_imported_meeting_document",
    "kkrmonitor.meetings.document_import:publish_item":
        f"{MEETINGS}::test_published_imported_item",
    "kkrmonitor.meetings.document_import:decide_suggestion":
        f"{MEETINGS}::test_accepted_link_suggestion",
    "kkrmonitor.meetings.document_import:add_attachment": f"{MEETINGS}::test_attachment",
    # The reference meetings' decision; a reworded source runs only when the shipped wording
    # changes, through the same loader (every page dropped: meetings' rows, traced).
    "kkrmonitor.meetings.reference:_create_decision":
        f"{OTHER}::test_reference_meetings_and_registers",
    "kkrmonitor.meetings.reference:_reword_source":
        f"{OTHER}::test_reference_meetings_and_registers",
    **{f"kkrmonitor.joint.services:{name}":
       f"{JOINT}::test_stage_report_submitted_reviewed_and_imported"
       for name in ("submit_report", "review_report", "import_reports")},
    **{f"kkrmonitor.joint.services:{name}":
       f"{JOINT}::test_joint_effort_created_updated_shared_unshared"
       for name in ("create_joint_initiative", "update_joint_initiative", "share_initiative",
                    "unshare_initiative")},
    **{f"kkrmonitor.joint.services:{name}":
       f"{JOINT}::test_project_created_updated_listed_and_its_event"
       for name in ("create_project", "update_project", "update_project_list",
                    "add_project_event")},
    **{f"kkrmonitor.registers.services:{name}":
       f"{JOINT}::test_register_created_columns_rows_updated"
       for name in ("create_register", "update_register", "save_column", "create_row",
                    "update_row", "delete_row")},
    "kkrmonitor.registers.defaults:load_reference_registers":
        f"{OTHER}::test_reference_meetings_and_registers",
    "kkrmonitor.indicators.services:import_observations":
        f"{OTHER}::test_uploaded_observations_and_definition",
    "kkrmonitor.indicators.services:save_definition":
        f"{OTHER}::test_uploaded_observations_and_definition",
    "kkrmonitor.indicators.services:fetch_indicator":
        f"{OTHER}::test_fetched_indicator_and_reference_indicators",
    "kkrmonitor.indicators.jobs:start_fetch":
        f"{OTHER}::test_fetched_indicator_and_reference_indicators",
    "kkrmonitor.indicators.reference:load_reference_indicators":
        f"{OTHER}::test_fetched_indicator_and_reference_indicators",
    "kkrmonitor.indicators.reference:_reword":
        f"{OTHER}::test_fetched_indicator_and_reference_indicators",
}

ACCOUNTS = f"{OTHER}::test_user_accounts_and_roles_drop_nothing"
INTERNAL = f"{OTHER}::test_internal_writes_keep_other_councils_pages"
# Writes no public page shows: why, and the test that they keep other pages in the cache.
NOT_PUBLIC = {
    **{f"kkrmonitor.accounts.services:{name}": (
        "users, roles and passwords are not shown; their audit rows are not public", ACCOUNTS)
       for name in ("create_user", "invite_user", "add_role", "remove_role", "set_active",
                    "set_password")},
    "kkrmonitor.owners.services:assign_responsible": (
        "who is responsible is shown to members only (the editing pages)", INTERNAL),
    "kkrmonitor.programme.services:add_comment": (
        "comments are internal notes for readers and editors", INTERNAL),
    "kkrmonitor.meetings.briefs:save_brief": (
        "a brief is public only in the finalised annex (finalise_annex)", INTERNAL),
}


def recording_functions() -> set[str]:
    """"module:function" for every function in kkrmonitor that calls audit's `record`."""
    found: set[str] = set()
    for path in sorted((ROOT / "kkrmonitor").rglob("*.py")):
        if "audit" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = any(isinstance(node, ast.ImportFrom) and node.module
                       and node.module.startswith("kkrmonitor.audit")
                       and any(alias.name == "record" for alias in node.names)
                       for node in ast.walk(tree))
        if not imported:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if any(isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                   and call.func.id == "record" for call in ast.walk(function)):
                found.add(f"{module}:{function.name}")
    return found


def test_every_recording_function_is_listed():
    listed = set(SHOWN) | set(NOT_PUBLIC)
    assert not set(SHOWN) & set(NOT_PUBLIC)
    found = recording_functions()
    assert sorted(found - listed) == [], "add these write services to SHOWN or NOT_PUBLIC"
    assert sorted(listed - found) == [], "these no longer call record(): remove them"


def test_every_listed_test_exists():
    tests = set(SHOWN.values()) | {test for _, test in NOT_PUBLIC.values()}
    for test in sorted(tests):
        module, name = test.split("::")
        assert callable(getattr(importlib.import_module(module), name, None)), test


def test_an_update_that_moves_an_object_drops_every_page():
    """The councils a moved object left are unknown after the commit."""
    from kkrmonitor.meetings.models import Meeting

    meeting = Meeting(pk=1, council_id=1)
    assert Traced.of(meeting, {"joint_with": ["KKR Sjælland", None]}).moved
    assert Traced.of(meeting, {"initiative": ["A", "B"]}).moved
    assert not Traced.of(meeting, {"title": ["a", "b"]}).moved
    assert not Traced.of(meeting).moved  # a creation: nothing was left
    moved = Pending(tables={"meetings_meeting"},
                    objects=[Traced(model="meeting", pk=1, meeting_id=1, moved=True)])
    assert moved.scopes_traced() == {"all"}


def test_account_writes_drop_nothing_unless_they_touch_more():
    user = Traced(model="user", pk=1)
    assert Pending(tables={"accounts_user", "programme_auditevent"},
                   objects=[user]).scopes_traced() == set()
    assert Pending(tables={"accounts_user"}).scopes_traced() == {"all"}  # unaudited
    assert Pending(tables={"accounts_user", "programme_initiative"},
                   objects=[user]).scopes_traced() == {"all"}
