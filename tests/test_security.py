"""Security configuration and code scans (issue #9, part 4).

- `.streamlit/config.toml`: every key is a real Streamlit option (a typo would be ignored silently), XSRF
  protection is on, static serving is off, and `maxUploadSize` is exactly what the app's own upload limits
  need (the largest of them, in MB): larger would let visitors push bytes nothing reads.
- No raw HTML from visitors: every `unsafe_allow_html=True`, `st.html(...)` or `components.html(...)` call
  must render a string literal or a module-level constant, never a variable or an f-string.
- No unpickling: no `pickle`/`dill`/`joblib`/`shelve`/`marshal` import, `torch.load` only with
  `weights_only=True`, `np.load` never with `allow_pickle=True`, and no `eval`/`exec`.
- Streamlit is pinned in requirements.txt at a release past its published path-traversal fixes, and the
  installed version is the pinned one.
The scanners are tested on small hand-written snippets first, so a passing scan means "nothing found", not
"scanner blind". Oracles: Streamlit's own option table, the limits defined in the upload modules.
"""

from __future__ import annotations

import ast
import math
import re
import tomllib
from importlib.metadata import version

import pytest
from conftest import ROOT
from streamlit import config as streamlit_config

from core.imaging import MAX_UPLOAD_BYTES as IMAGE_LIMIT
from core.run_archive import MAX_ARCHIVE_BYTES as ARCHIVE_LIMIT
from core.tabular import MAX_BYTES as CSV_LIMIT
from core.zip_dataset import ZipLimits

# Streamlit advisories fixed by these releases: CVE-2022-35918 (path traversal in custom components, 1.11.1)
# and CVE-2024-42474 (path traversal in static file serving, 1.37.0).
STREAMLIT_FIXED = (1, 37, 0)
HTML_SINKS = {"html"}  # st.html, components.html: raw HTML whatever the arguments
PICKLING_MODULES = {"pickle", "cPickle", "dill", "joblib", "shelve", "marshal", "cloudpickle"}


def source_files() -> list:
    """The app's own Python: app.py, pages/, core/, tools/ (tests may build hostile snippets)."""
    files = [ROOT / "app.py"]
    for folder in ("pages", "core", "tools"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if f.is_file()]


def parse(path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# --- scanners ----------------------------------------------------------------------------------------
def _constant_names(tree: ast.Module) -> set[str]:
    """Module-level names assigned a plain string literal (NAME = "..."), never reassigned."""
    assigned: dict[str, list] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    return {name for name, values in assigned.items()
            if len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str)}


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_true(call: ast.Call, keyword: str) -> bool:
    return any(k.arg == keyword and isinstance(k.value, ast.Constant) and k.value.value is True
               for k in call.keywords)


def unsafe_html_calls(tree: ast.Module) -> list[int]:
    """Line numbers of raw-HTML calls whose content is not a literal or a module-level string constant."""
    constants, bad = _constant_names(tree), []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if not (_is_true(node, "unsafe_allow_html") or _call_name(node) in HTML_SINKS):
            continue
        body = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "body"), None)
        literal = isinstance(body, ast.Constant) and isinstance(body.value, str)
        if not (literal or (isinstance(body, ast.Name) and body.id in constants)):
            bad.append(node.lineno)
    return bad


def unpickling_uses(tree: ast.Module) -> list[str]:
    """Descriptions of anything that can unpickle or evaluate data."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            found += [f"line {node.lineno}: import {n}" for n in names
                      if n and n.split(".")[0] in PICKLING_MODULES]
        elif isinstance(node, ast.Call):
            name, func = _call_name(node), node.func
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            if name == "load" and owner == "torch" and not _is_true(node, "weights_only"):
                found.append(f"line {node.lineno}: torch.load without weights_only=True")
            if name == "load" and owner in ("np", "numpy") and _is_true(node, "allow_pickle"):
                found.append(f"line {node.lineno}: np.load(allow_pickle=True)")
            if isinstance(func, ast.Name) and func.id in ("eval", "exec"):
                found.append(f"line {node.lineno}: {func.id}()")
    return found


HOSTILE = '''
import pickle
from joblib import load
import numpy as np, torch
import streamlit as st
BANNER = "<b>fixed</b>"
def page(user):
    st.markdown(BANNER, unsafe_allow_html=True)
    st.markdown("<hr>", unsafe_allow_html=True)
    st.markdown(user, unsafe_allow_html=True)
    st.markdown(f"<b>{user}</b>", unsafe_allow_html=True)
    st.html(user)
    torch.load("w.pt")
    torch.load("w.pt", weights_only=True)
    np.load("a.npy", allow_pickle=True)
    eval(user)
'''


def test_scanners_find_what_they_look_for():
    tree = ast.parse(HOSTILE)
    assert unsafe_html_calls(tree) == [10, 11, 12]
    assert unpickling_uses(tree) == ["line 2: import pickle", "line 3: import joblib",
                                     "line 13: torch.load without weights_only=True",
                                     "line 15: np.load(allow_pickle=True)", "line 16: eval()"]


def test_no_raw_html_from_variables():
    bad = {str(f.relative_to(ROOT)): lines for f in source_files() if (lines := unsafe_html_calls(parse(f)))}
    assert not bad, f"raw HTML built from non-constant text: {bad}"


def test_nothing_unpickles_or_evaluates():
    bad = {str(f.relative_to(ROOT)): uses for f in source_files() if (uses := unpickling_uses(parse(f)))}
    assert not bad, bad


# --- .streamlit/config.toml --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def streamlit_settings() -> dict:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as handle:
        return tomllib.load(handle)


def test_every_config_key_is_a_streamlit_option(streamlit_settings):
    options = streamlit_config.get_config_options()
    keys = [f"{section}.{name}" for section, values in streamlit_settings.items() for name in values]
    assert keys and not [k for k in keys if k not in options], keys


def test_xsrf_on_static_serving_off(streamlit_settings):
    server = streamlit_settings["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableStaticServing"] is False


def test_upload_cap_is_what_the_largest_upload_needs(streamlit_settings):
    largest = max(ZipLimits().max_zip_bytes, IMAGE_LIMIT, CSV_LIMIT, ARCHIVE_LIMIT)  # bytes
    assert streamlit_settings["server"]["maxUploadSize"] == math.ceil(largest / 2**20)  # megabytes


# --- dependencies ------------------------------------------------------------------------------------
def test_streamlit_pinned_past_path_traversal_fixes():
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(), re.M))
    assert "streamlit" in pins, "streamlit must be pinned with =="
    pinned = tuple(int(part) for part in pins["streamlit"].split(".")[:3])
    assert pinned >= STREAMLIT_FIXED
    assert version("streamlit") == pins["streamlit"]
