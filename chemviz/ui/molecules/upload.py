"""The upload panel: read a file or pasted SMILES and report on every row.

Reading runs in the worker pool (:mod:`chemviz.workers`): an upload is
untrusted, and RDKit on a hostile molecule can crash or stall the process
that serves the whole class.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from chemviz import limits, workers
from chemviz.molecules import ParseReport, read_molecules
from chemviz.molecules.decode import ENCODINGS
from chemviz.ui import state, widgets

UPLOAD_TYPES = ["csv", "tsv", "txt", "smi", "smiles", "sdf", "sd", "mol", "gz"]
DUPLICATE_CHOICES = {"keep_first": "keep the first", "average": "average their values"}


def limits_text(budget: limits.Limits) -> str:
    """The upload limits in one sentence, computed from the budgets in force."""
    return (
        f"Up to **{budget.upload_mb} MB** (gzip allowed, {budget.expanded_mb} MB once "
        f"expanded), **{budget.records:,} records**, molecules of up to "
        f"**{budget.heavy_atoms:,} heavy atoms** and SMILES of up to "
        f"{budget.smiles_chars:,} characters."
    )


@dataclass(frozen=True)
class ReadOptions:
    """How to read an upload: the columns to use, duplicates, clean-up and the text encoding."""

    smiles_column: str | None
    name_column: str | None
    duplicates: str
    strip_salts: bool
    neutralize: bool
    encoding: str


def upload_panel() -> None:
    """File uploader, paste box and options; on "Read molecules", parse and switch to them."""
    budget = limits.current()
    st.markdown(
        "CSV/TSV with a SMILES column, a SMILES file (`.smi`, one per line, optional name), "
        "or an SDF (values from its data tags). " + limits_text(budget)
    )
    file = st.file_uploader("Upload a file", type=UPLOAD_TYPES, key="mol_file")
    pasted = st.text_area(
        "…or paste SMILES, one per line (optionally followed by a name)",
        placeholder="CCO ethanol\nc1ccccc1O phenol",
        height=110,
        max_chars=budget.expanded_bytes,
        **state.bind(state.MOL_PASTE),
    )
    options = _read_options()
    if not st.button("Read molecules", type="primary", key="mol_read"):
        return
    if file is None and not pasted.strip():
        st.warning(
            "Choose a file or paste some SMILES first. (A file is let go once it has been "
            "read: choose it again to read it with other options.)"
        )
        return
    _read(file, pasted, options, budget)


def _read_options() -> ReadOptions:
    """The reading options, in two rows of three."""
    c1, c2, c3 = st.columns(3)
    smiles_column = c1.text_input(
        "SMILES column (optional)", key="mol_smiles_column", help="Detected automatically if empty."
    )
    name_column = c2.text_input("Name column (optional)", key="mol_name_column")
    duplicates = c3.selectbox(
        "Duplicate molecules",
        list(DUPLICATE_CHOICES),
        format_func=DUPLICATE_CHOICES.get,
        **state.bind(state.MOL_DUPLICATES),
    )
    c4, c5, c6 = st.columns(3)
    strip = c4.checkbox(
        "Strip salts (keep the largest fragment)", **state.bind(state.MOL_STRIP_SALTS)
    )
    neutral = c5.checkbox("Neutralise charges", **state.bind(state.MOL_NEUTRALIZE))
    encoding = c6.selectbox(
        "Text encoding",
        list(ENCODINGS),
        format_func=ENCODINGS.get,
        help="Automatic reads UTF-8, UTF-16 and Windows-1252. Choose another if names look "
        "garbled (e.g. GBK for Chinese names saved by Excel).",
        **state.bind(state.MOL_ENCODING),
    )
    return ReadOptions(
        smiles_column.strip() or None, name_column.strip() or None, duplicates, strip, neutral,
        encoding,
    )  # fmt: skip


def _read(file, pasted: str, options: ReadOptions, budget: limits.Limits) -> None:
    """Parse the file (or the pasted text) in the workers; switch to it, or say why not."""
    data, filename = (file.getvalue(), file.name) if file is not None else (pasted, "pasted")
    bar = st.progress(0.0, text="Reading molecules…")
    try:
        molecules, report = read_molecules(
            data,
            filename,
            options.smiles_column,
            options.name_column,
            strip_salts=options.strip_salts,
            neutralize=options.neutralize,
            duplicates=options.duplicates,
            encoding=options.encoding,
            progress=lambda f: bar.progress(f, text=f"Reading molecules… {f:.0%}"),
            runner=workers.pool().map,
            limits=budget,
        )
    except ValueError as exc:
        bar.empty()
        widgets.show_error(exc)
        return
    finally:
        del data
        if file is not None:
            _release(file)
    bar.empty()
    if len(molecules) == 0:
        st.error(f"None of the {report.total} records could be read; see the reasons below.")
        show_report(report)
        return
    widgets.use_upload((molecules, report))
    st.rerun()


def _release(file) -> None:
    """Let Streamlit drop the uploaded bytes now, not when the session ends.

    The parsed molecules are all we keep; 30 students each holding a 20 MB
    file would be most of a hosted app's memory. Streamlit's own chat input
    releases its files the same way.
    """
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file.file_id)


def show_report(report: ParseReport) -> None:
    """Counts, notes, and a downloadable table of every rejected record."""
    c1, c2, c3 = st.columns(3)
    c1.metric("Records read", f"{report.total:,}")
    c2.metric("Molecules used", f"{report.n_valid:,}")
    c3.metric("Rejected", f"{report.n_rejected:,}")
    for note in report.notes:
        st.info(widgets.plain(note))  # notes quote column names from the file
    if report.n_rejected:
        table = report.rejected_frame()
        st.caption(
            "**row** is where to find the record: the line of the file, counting the header "
            "as line 1 (the row number a spreadsheet shows), or the record number of an SDF."
        )
        st.dataframe(
            table, hide_index=True, key="mol_rejected_table", height=min(38 * (len(table) + 1), 300)
        )
        st.download_button(
            "Download the rejected rows (CSV)",
            table.to_csv(index=False).encode(),
            file_name="rejected_rows.csv",
            mime="text/csv",
            key="mol_rejected_download",
        )
    else:
        st.success("Every record was read.")
