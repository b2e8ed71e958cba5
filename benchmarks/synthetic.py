"""The benchmark's synthetic book: N sources shaped like the seeds, added to a copy of the repository's book."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTLETS = ["Tehran Times", "Inter Bellum News", "Gulf Monitor", "Caspian Review", "Moscow Ledger", "Levant Post",
           "Eurasia Desk", "Atlantic Wire"]
SENTENCES = [
    "Russian Foreign Minister Sergey Lavrov said on {day} that there were no restrictions on military-technical "
    "cooperation with Iran.",
    "“We will develop military-technical cooperation with Iran,” Lavrov said, adding that Russia follows its "
    "international obligations.",
    "The snapback mechanism built into the JCPOA allows a participant to restore UN sanctions, including the arms embargo.",
    "Most members of the UN Security Council questioned whether the United States could trigger the snapback process.",
    "Under Resolution 2231, arms transfers to and from Iran needed the Council's approval until 18 October 2020.",
    "Reports in {month} suggested that Moscow may deliver Su-35 fighter jets and S-400 air defense systems to Iran.",
    "Deputy Foreign Minister Sergey Ryabkov said Russia was not afraid of U.S. sanctions because it was accustomed to them.",
    "Presidents Vladimir Putin and Massoud Pezeshkian signed the Treaty on Comprehensive Strategic Partnership in January.",
    "Iran, Russia and China told the IAEA that the 2015 nuclear deal had reached its Termination Day.",
    "Flight tracking data showed Il-76 and An-124 transports landing at Iranian bases since {month}.",
    "The E3 said the reimposed sanctions, adopted under Chapter VII, remain binding on all member states.",
    "Analysts cautioned that claims about MiG-29 deliveries could not be independently confirmed.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "March", "June", "July", "September", "October", "December"]


def synthetic_source(rng: random.Random, i: int) -> tuple[str, str]:
    """A captured text shaped like the seeds, and its metadata."""
    outlet = OUTLETS[i % len(OUTLETS)]
    year = 2015 + i % 11
    title = f"Report {i}: " + rng.choice(SENTENCES).format(day="Monday", month="June").rstrip(".")[:90]
    paragraphs = [
        " ".join(rng.choice(SENTENCES).format(day=rng.choice(DAYS), month=rng.choice(MONTHS))
                 for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(5, 10))
    ]
    caption = "Foreign Minister of Russia Sergey Lavrov"
    lines = [title, "", "A standfirst without a full stop", caption, caption + "Website of the Government", "Updated on",
             "2 min read", ""]
    if i % 2:  # one long line, like seed 002
        body = " ".join(paragraphs)
        if i % 4 == 1:
            body += f" All Content by {outlet} is licensed under a Creative Commons Attribution 4.0 International License."
        lines.append(body)
    else:
        for p in paragraphs:
            lines += [p, ""]
    lines += [caption, "Iran Vows to Rebuild Nuclear Sites", caption, "Related Stories", "", "No stories found.", outlet]
    meta = (f"title: {title!r}\noutlet: {outlet}\nurl: https://example.org/{i}\ndate: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"key: bench-{i}\nsummary: A synthetic source for the benchmark, about {{term}}`snapback`.\n"
            "notes:\n  - para: 1\n    text: A synthetic note.\n")
    return "\n".join(lines) + "\n", meta


def make_book(root: Path, n: int) -> Path:
    """A copy of the repository's book plus n synthetic sources."""
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns(
        "_build", "sources", "book.bib", "glossary.md", "timeline.md"))
    rng = random.Random(n)
    for i in range(n):
        text, meta = synthetic_source(rng, i)
        (root / "sources" / f"bench-{i:04d}.txt").write_text(text, encoding="utf-8")
        (root / "sources" / f"bench-{i:04d}.yaml").write_text(meta, encoding="utf-8")
    return root
