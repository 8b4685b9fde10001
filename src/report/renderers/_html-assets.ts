// The inline stylesheet and script of the HTML report. Static text only: no report data is ever placed
// in here (the script reads data-* attributes), so the CSP can pin the script by its hash.

export const HTML_STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#dfe3e8;--code:#f0f2f5;
--critical:#b4232a;--high:#d9480f;--medium:#b08800;--low:#1c6dd0;--info:#6b7280;
--A:#2b8a3e;--B:#5c940d;--C:#b08800;--D:#d9480f;--F:#b4232a}
@media (prefers-color-scheme:dark){:root{--bg:#101317;--card:#181c22;--fg:#e6e9ed;--muted:#9aa4b1;--line:#2b313a;--code:#20252d;
--critical:#ff6b6b;--high:#ff922b;--medium:#fcc419;--low:#74c0fc;--info:#adb5bd}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:1100px;margin:0 auto;padding:16px}
header.top{display:flex;gap:20px;align-items:center;flex-wrap:wrap;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px}
.grade{width:88px;height:88px;border-radius:50%;display:grid;place-items:center;font-size:44px;font-weight:700;color:#fff;flex:none}
.grade.incomplete{outline:4px dashed #b45309;outline-offset:3px;align-content:center;line-height:1}.grade small{display:block;font-size:11px;font-weight:600;text-align:center}
.g-A{background:var(--A)}.g-B{background:var(--B)}.g-C{background:var(--C)}.g-D{background:var(--D)}.g-F{background:var(--F)}
.headline h1{margin:0;font-size:22px}.headline p{margin:4px 0 0;color:var(--muted);overflow-wrap:anywhere}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:14px 0}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.stat b{display:block;font-size:20px}.stat span{color:var(--muted);font-size:13px}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px;margin:14px 0}
h2{margin:0 0 12px;font-size:18px}h3{margin:0;font-size:16px;overflow-wrap:anywhere}h4{margin:12px 0 4px;font-size:14px}
.cats{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:8px 28px}
.cat{display:grid;grid-template-columns:minmax(0,1fr) 130px 34px 24px;gap:8px;align-items:center;font-size:14px}
.bar{height:10px;background:var(--code);border-radius:5px;overflow:hidden}.bar i{display:block;height:100%}
.cat .n{color:var(--muted);text-align:right}.na{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:12px}
.filters label{display:inline-flex;gap:6px;align-items:center;border:1px solid var(--line);border-radius:999px;padding:4px 10px;cursor:pointer;font-size:14px}
.filters select{font:inherit;padding:4px 8px;border-radius:8px;border:1px solid var(--line);background:var(--card);color:var(--fg)}
#shown{color:var(--muted);font-size:14px;margin-left:auto}
article{border:1px solid var(--line);border-left:5px solid var(--info);border-radius:10px;padding:12px 14px;margin:10px 0}
article.critical{border-left-color:var(--critical)}article.high{border-left-color:var(--high)}article.medium{border-left-color:var(--medium)}article.low{border-left-color:var(--low)}
article[hidden]{display:none}
.meta{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;color:var(--muted);font-size:13px;margin-top:6px}
.sev{display:inline-block;border-radius:6px;padding:1px 8px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.sev.critical{background:var(--critical)}.sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border-radius:6px}
code{padding:1px 5px;overflow-wrap:anywhere}
pre{padding:10px;overflow:auto;white-space:pre-wrap;word-break:break-word;max-height:360px;margin:6px 0}
details summary{cursor:pointer;font-weight:600;font-size:14px;margin-top:8px}
.ev .req{font-size:13px;color:var(--muted);margin-top:8px;overflow-wrap:anywhere}
.refs{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top;overflow-wrap:anywhere}
footer{color:var(--muted);font-size:13px;text-align:center;padding:16px}
.empty{color:var(--muted)}
.note{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--info);border-radius:10px;padding:8px 12px;margin:8px 0;overflow-wrap:anywhere}
.note.fail{border-left-color:var(--critical)}.note.pass{border-left-color:var(--A)}
.filters[hidden]{display:none}
@media (max-width:640px){.wrap{padding:8px}header.top{padding:12px;gap:12px}.grade{width:64px;height:64px;font-size:32px}
.cat{grid-template-columns:1fr 80px 30px 20px}.cats{grid-template-columns:minmax(0,1fr)}#shown{margin-left:0;width:100%}section{padding:12px}}
@page{margin:12mm}
@media print{:root{--bg:#fff;--card:#fff;--fg:#000;--muted:#333;--code:#f3f3f3}
body{font-size:9.5pt}.wrap{padding:0}article{padding:8px 10px;margin:6px 0}h4{margin:6px 0 2px}.filters,#shown{display:none}article[hidden]{display:block}
section{break-inside:auto;border-color:#999}article,header.top,.stats,.cats{break-inside:avoid;border-color:#999}pre{max-height:none;overflow:visible}
.grade,.sev,.bar i{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/** Filters by severity (checkboxes) and category (select), driven only by data-* attributes. */
export const HTML_SCRIPT = `(function(){
var list=document.querySelectorAll("article[data-severity]");
var boxes=document.querySelectorAll("input[data-filter-severity]");
var cat=document.getElementById("filter-category");
var shown=document.getElementById("shown");
var bar=document.getElementById("filters");if(bar)bar.hidden=false;
function apply(){
var on={};for(var i=0;i<boxes.length;i++){if(boxes[i].checked)on[boxes[i].value]=true;}
var c=cat?cat.value:"";var n=0;
for(var j=0;j<list.length;j++){var a=list[j];var ok=on[a.getAttribute("data-severity")]&&(!c||a.getAttribute("data-category")===c);a.hidden=!ok;if(ok)n++;}
if(shown)shown.textContent="Showing "+n+" of "+list.length;
}
for(var k=0;k<boxes.length;k++)boxes[k].addEventListener("change",apply);
if(cat)cat.addEventListener("change",apply);
window.addEventListener("beforeprint",function(){var d=document.querySelectorAll("details");for(var i=0;i<d.length;i++)d[i].open=true;});
apply();
})();`;
