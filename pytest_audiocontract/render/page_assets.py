"""The style sheet and the one small script of report.html (sorting tables by a header)."""

from __future__ import annotations

STYLE = """
:root{--pass:#1a7f37;--fail:#cf222e;--skip:#9a6700;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1.5em 2em;
max-width:1800px;color:#1f2328;line-height:1.4}
h1{margin:0 0 .2em}h2{margin:1.6em 0 .4em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{margin:1.2em 0 .4em}
.note{color:var(--muted);font-size:13px;overflow-wrap:anywhere}
.wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:13px}
td,th{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
th{background:#f6f8fa;font-weight:600;white-space:nowrap}
th .note{white-space:normal;overflow-wrap:normal}
table.problems td:nth-child(3){min-width:10em}table.problems td:nth-child(5){min-width:18em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.sortable{cursor:pointer;user-select:none}th.sortable::after{content:" ⇅";color:#8c959f}
th[aria-sort=ascending]::after{content:" ▲";color:#1f2328}
th[aria-sort=descending]::after{content:" ▼";color:#1f2328}
td.best{background:#dafbe1;font-weight:700}
td.best::after{content:" ★";color:var(--pass)}
.leaders{display:flex;flex-wrap:wrap;gap:.6em 2em;margin:.3em 0 .6em}
.leader{border-left:4px solid var(--pass);padding:.2em .7em;background:#f6f8fa}
.leader b{font-size:15px}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,560px),1fr));gap:1em}
.figures>div{min-width:0;border:1px solid var(--line);border-radius:6px;padding:.4em}
svg.figure{display:block;max-width:100%}
td.outcome-skipped,td.outcome-failed,td.outcome-passed{white-space:nowrap}
.outcome-passed{color:var(--pass);font-weight:600}
.outcome-failed,.outcome-error{color:var(--fail);font-weight:700}
.outcome-skipped,.outcome-xfailed{color:var(--skip)}
tr.failed td{background:#ffebe9}
code{font-size:12px;background:#f6f8fa;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
details{margin:.4em 0}summary{cursor:pointer;font-weight:600}
.verdict-REGRESSION{color:var(--fail);font-weight:700}.verdict-better{color:var(--pass)}
"""

# Click a header of a table.sortable: its rows sort by that column (numbers by the cell's
# data-v, text otherwise); clicking again reverses. Cells without a value sort last.
SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function(table){
  table.querySelectorAll("th").forEach(function(th, col){
    th.classList.add("sortable");
    th.addEventListener("click", function(){
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function(h){ h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row){
        var cell = row.cells[col]; var v = cell.getAttribute("data-v");
        return v === null ? cell.textContent.trim() : (v === "" ? null : parseFloat(v));
      }
      rows.sort(function(a, b){
        var x = key(a), y = key(b);
        if (x === null || y === null) { return (x === null) - (y === null); }
        var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function(row){ body.appendChild(row); });
    });
  });
});
"""
