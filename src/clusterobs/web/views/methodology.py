"""Methodology: each registered method document, rendered from the files the code reads."""

from __future__ import annotations

from fastapi import APIRouter
from markdown_it import MarkdownIt
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clusterobs.services.methodology import method_docs
from clusterobs.web.templating import render

router = APIRouter()
#: CommonMark with tables; raw HTML in the notes is escaped, not passed through.
_md = MarkdownIt("commonmark", {"html": False}).enable("table")


@router.get("/methodology", response_class=HTMLResponse, name="methodology")
def methodology_page(request: Request) -> HTMLResponse:
    docs = [{"doc": d, "html": _md.render(d.markdown)} for d in method_docs()]
    return render(request, "methodology.html", {"docs": docs})
