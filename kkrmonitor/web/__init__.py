"""The web layer every app shares: who may come in (decorators), who is writing and where to
go back to (helpers), what an editor is told when someone saved first (conflicts), and the
logging of expected refusals. Views in kkrmonitor/*/views.py import from here; nothing here
knows about a particular app's models."""
