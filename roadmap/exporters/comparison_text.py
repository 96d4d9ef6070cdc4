"""An edition comparison as plain text (for the terminal), Markdown (for wikis) and JSON."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterator

from .comparison_outline import Block, outline
from .markdown import cell
from .text_report import table

if TYPE_CHECKING:
    from ..edition_diff import Comparison

UNDERLINES = {1: "=", 2: "-"}


def render_text(comparison: Comparison) -> bytes:
    """Return the comparison as plain text (UTF-8)."""
    return ("\n".join(_text(outline(comparison))) + "\n").encode("utf-8")


def _text(blocks) -> Iterator[str]:
    for block in blocks:
        if block.kind == "heading":
            yield block.text
            yield UNDERLINES[block.level] * len(block.text)
        elif block.kind == "paragraph":
            yield block.text
        elif block.kind == "bullets":
            yield from (f"- {line}" for line in block.items)
        else:  # a table: a cell's lines joined, so that each row stays one line
            yield table(block.headers, [tuple(str(c).replace("\n", "; ") for c in row)
                                        for row in block.items])
        yield ""


def render_markdown(comparison: Comparison) -> bytes:
    """Return the comparison as a Markdown document (UTF-8)."""
    return ("\n".join(_markdown(outline(comparison))) + "\n").encode("utf-8")


def _markdown(blocks) -> Iterator[str]:
    for block in blocks:
        if block.kind == "heading":
            yield f"{'#' * block.level} {cell(block.text)}"
        elif block.kind == "paragraph":
            yield cell(block.text)
        elif block.kind == "bullets":
            yield from (f"- {cell(line)}" for line in block.items)
        else:
            yield from _pipe_table(block)
        yield ""


def _pipe_table(block: Block) -> Iterator[str]:
    yield "| " + " | ".join(cell(h) for h in block.headers) + " |"
    yield "|" + "---|" * len(block.headers)
    for row in block.items:
        yield "| " + " | ".join(cell(str(c)) for c in row) + " |"


def render_json(comparison: Comparison) -> bytes:
    """Return `as_document()` as canonical JSON: keys sorted, UTF-8 as it is, a final newline."""
    return (json.dumps(comparison.as_document(), ensure_ascii=False, sort_keys=True, indent=2)
            + "\n").encode("utf-8")
