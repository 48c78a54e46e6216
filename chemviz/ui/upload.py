"""The upload panel: read a file or pasted SMILES and report on every row."""

from __future__ import annotations

import streamlit as st

from chemviz.molecules import MAX_UPLOAD_MB, ParseReport
from chemviz.ui import cached, state, widgets

UPLOAD_TYPES = ["csv", "tsv", "txt", "smi", "smiles", "sdf", "sd", "mol", "gz"]
DUPLICATE_CHOICES = {"keep_first": "keep the first", "average": "average their values"}


def upload_panel() -> None:
    """File uploader, paste box and options; on "Read molecules", parse and switch to them."""
    st.markdown(
        f"CSV/TSV with a SMILES column, a SMILES file (`.smi`, one per line, optional name), "
        f"or an SDF (values from its data tags). Up to **{MAX_UPLOAD_MB} MB**."
    )
    file = st.file_uploader("Upload a file", type=UPLOAD_TYPES, key="mol_file")
    pasted = st.text_area(
        "…or paste SMILES, one per line (optionally followed by a name)",
        placeholder="CCO ethanol\nc1ccccc1O phenol",
        height=110,
        **state.bind(state.MOL_PASTE),
    )
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
    c4, c5 = st.columns(2)
    strip = c4.checkbox(
        "Strip salts (keep the largest fragment)", **state.bind(state.MOL_STRIP_SALTS)
    )
    neutral = c5.checkbox("Neutralise charges", **state.bind(state.MOL_NEUTRALIZE))
    if not st.button("Read molecules", type="primary", key="mol_read"):
        return
    if file is None and not pasted.strip():
        st.warning("Choose a file or paste some SMILES first.")
        return
    data, filename = (file.getvalue(), file.name) if file is not None else (pasted, "pasted")
    bar = st.progress(0.0, text="Reading molecules…")
    try:
        molecules, report = cached.parse_upload(
            data,
            filename,
            smiles_column.strip() or None,
            name_column.strip() or None,
            strip,
            neutral,
            duplicates,
            progress=lambda f: bar.progress(f, text=f"Reading molecules… {f:.0%}"),
        )
    except ValueError as exc:
        bar.empty()
        widgets.show_error(exc)
        return
    bar.empty()
    if len(molecules) == 0:
        st.error(f"None of the {report.total} records could be read; see the reasons below.")
        show_report(report)
        return
    widgets.use_upload((molecules, report))
    st.rerun()


def show_report(report: ParseReport) -> None:
    """Counts, notes, and a downloadable table of every rejected record."""
    c1, c2, c3 = st.columns(3)
    c1.metric("Records read", f"{report.total:,}")
    c2.metric("Molecules used", f"{report.n_valid:,}")
    c3.metric("Rejected", f"{len(report.rejected):,}")
    for note in report.notes:
        st.info(widgets.plain(note))  # notes quote column names from the file
    if report.rejected:
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
