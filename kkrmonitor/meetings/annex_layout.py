"""The annex's body as a flat list of blocks (headings, paragraphs, lists, initiatives), from the
annex dict alone. The Word file, the PDF and the editors' review page all lay out these same
blocks, so the page an editor reviews says exactly what the finalised document will say."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]


def _heading(level: int, text: str, **extra: Any) -> Block:
    return {"kind": "heading", "level": level, "text": text, **extra}


def _list(items: list[str]) -> Block:
    return {"kind": "list", "items": items}


def _note(text: str) -> Block:
    return {"kind": "note", "text": text}


def _milestone(item: dict[str, Any]) -> str:
    label = f" ({item['label']})" if item["label"] else ""
    return f"{item['title']}{label}: {item['text']}"


def _figure(item: dict[str, Any]) -> str:
    return (f"{item['name']}: {item['value_text']} ({item['area']}, {item['period']}). "
            f"Kilde: {item['source'].rstrip('.')}, hentet {item['retrieved']}.")


def recommendation_blocks(rec: dict[str, Any], data: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [
        _heading(1, f"Anbefaling {rec['number']}: {rec['headline']}", number=rec["number"]),
        {"kind": "brief", "number": rec["number"], "text": rec["brief"]},
        {"kind": "facts", "items": [("Status", rec["status_summary"]),
                                    ("Fremdrift", rec["progress_text"])]},
    ]
    if rec["initiatives"]:
        blocks.append(_heading(2, "Indsatser"))
        for item in rec["initiatives"]:
            meta = [item["status_label"], item["progress_text"], item["confirmed_text"]]
            blocks.append({"kind": "initiative", "title": item["title"],
                           "meta": " · ".join(part for part in meta if part),
                           "text": item["narrative"] or "Ingen beskrivelse af status."})
    if rec["rollups"]:
        blocks.append(_heading(2, "Kommunernes fremdrift"))
        blocks.append(_list([f"{r['title']}: {r['text']}."
                             + (f" {r['on_track']}." if r["on_track"] else "")
                             for r in rec["rollups"]]))
    milestones = rec["milestones"]
    if data["previous_meeting"] is not None or milestones["past"]:
        blocks.append(_heading(2, "Milepæle siden sidste møde"))
        blocks.append(_list([_milestone(m) for m in milestones["past"]])
                      if milestones["past"] else _note("Ingen milepæle med frist i perioden."))
    blocks.append(_heading(2, "Kommende frister"))
    blocks.append(_list([_milestone(m) for m in milestones["coming"]]) if milestones["coming"]
                  else _note(f"Ingen frister de første {data['upcoming_days']} dage efter "
                             "mødet."))
    if milestones["more"]:
        blocks.append(_note(f"… og {milestones['more']} milepæle mere (se programmet i KKR "
                            "Monitor)."))
    # Snapshots frozen before the key existed have none.
    if rec.get("world_events"):
        blocks.append(_heading(2, "Ændringer i omverdenen"))
        blocks.append(_note("Baggrund for anbefalingen, ikke frister for rådet."))
        blocks.append(_list([f"{e['label'][:1].upper()}{e['label'][1:]}: {e['title']}. "
                             f"Kilde: {e['source'].rstrip('.')}."
                             for e in rec["world_events"]]))
    if rec["indicators"]:
        blocks.append(_heading(2, "Nøgletal"))
        blocks.append(_list([_figure(f) for f in rec["indicators"]]))
    if rec["changes"] is not None:
        blocks.append(_heading(2, "Siden sidste møde"))
        changes = rec["changes"]
        blocks.append(_list(changes["sentences"]) if changes["sentences"]
                      else _note("Ingen offentliggjorte ændringer."))
        if changes["omitted"]:
            blocks.append(_note(f"… og {changes['omitted']} ændringer mere (se historikken i "
                                "KKR Monitor)."))
    return blocks


def body_blocks(data: dict[str, Any]) -> list[Block]:
    """Every block after the title, subtitle and introduction."""
    blocks: list[Block] = []
    if not data["recommendations"]:
        return [{"kind": "paragraph", "text": "Rådet har intet arbejdsprogram med anbefalinger."}]
    for rec in data["recommendations"]:
        blocks.extend(recommendation_blocks(rec, data))
    if data["portfolios"]:
        blocks.append(_heading(1, "Projekterne i rådets porteføljer"))
        for portfolio in data["portfolios"]:
            blocks.append(_heading(2, portfolio["name"]))
            blocks.append(_list(portfolio["lines"]))
    return blocks
