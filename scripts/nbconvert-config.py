# nbconvert configuration for scripts/notebooks.mjs (`jupyter nbconvert --config=...`).
# The tslab kernel reports a failed cell (TypeScript type error, exception, rejected promise)
# with an empty error name and message; the reason is in the cell's stderr output. Print it,
# with the cell's number and first line, so the failure says why.
import sys


def _report_cell_error(cell=None, cell_index=None, execute_reply=None, **_):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append("\n".join(out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"]))
    content = (execute_reply or {}).get("content", {})
    if content.get("ename") or content.get("evalue"):
        parts.append(f"{content.get('ename', '')}: {content.get('evalue', '')}")
    first = (cell.get("source", "").strip().splitlines() or [""])[0]
    reason = "".join(parts).rstrip() or "(no message from the kernel)"
    indented = "\n".join("    " + line for line in reason.splitlines())
    print(f"notebook-cell-error: cell {cell_index + 1} ({first[:70]}):\n{indented}", file=sys.stderr, flush=True)


c = get_config()  # noqa: F821 (defined by traitlets when it loads this file)
c.ExecutePreprocessor.on_cell_error = _report_cell_error
# no per-cell timestamps in the saved notebook: a re-run that changes nothing leaves no diff
c.ExecutePreprocessor.record_timing = False
