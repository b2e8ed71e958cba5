"""The briefing book's own settings (hand-written; briefbook generates the source pages and sets the rest)."""

project = "Russia–Iran Military-Technical Cooperation and the UN Framework"
author = "briefbook"
copyright = "2025, the editors; source texts belong to their publishers"
extensions = ["briefbook"]

# The printed briefing: cover, marking line and PDF metadata.
briefbook_subtitle = "An annotated briefing book on Russia–Iran arms cooperation, Resolution 2231 and snapback"
briefbook_editor = "Prepared with briefbook"
briefbook_marking = "UNCLASSIFIED — open sources — for briefing use"
briefbook_paper = "a4"  # or "letter"
briefbook_subject = "Russia–Iran military-technical cooperation and the UN framework around Iran's nuclear programme"
briefbook_keywords = ["Russia", "Iran", "JCPOA", "Resolution 2231", "snapback", "arms embargo"]
briefbook_as_of = "31 October 2025"  # the brief and the packs say "Information as of …"
