#include "serve/assets.hpp"

namespace hrdex::serve {
namespace {

// Wide screens: facets in a sidebar beside the hits. Narrow ones (phones):
// one column, the facets folded under the hits' count. Print: the hits and
// the unit alone, with link targets written out.
constexpr std::string_view kCss = R"css(*{box-sizing:border-box}
html{font-size:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1d1d1f;background:#fff;line-height:1.45}
a{color:#1a4f8b}
header.site{display:flex;flex-wrap:wrap;align-items:baseline;gap:.4rem 1.2rem;padding:.6rem 1rem;border-bottom:1px solid #d0d7de;background:#f6f8fa}
header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:#1d1d1f}
header.site nav a{margin-right:1rem}
main{max-width:72rem;margin:0 auto;padding:1rem}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-bottom:.8rem}
form.search input[type=search]{flex:1 1 22rem;min-width:0;font-size:1.05rem;padding:.45rem .6rem;border:1px solid #8c959f;border-radius:4px}
form.search button,form.extract button{font-size:1rem;padding:.45rem 1rem;border-radius:4px;border:1px solid #1a4f8b;background:#1a4f8b;color:#fff;cursor:pointer}
form.search .options{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font-size:.92rem;width:100%}
.active-filters{margin:.2rem 0 .8rem;font-size:.92rem}
.active-filters a.filter{display:inline-block;margin:.15rem .3rem .15rem 0;padding:.1rem .5rem;border:1px solid #8c959f;border-radius:1rem;text-decoration:none;color:#1d1d1f;background:#eef3f8}
.layout{display:grid;grid-template-columns:17rem 1fr;gap:1.5rem}
aside.facets{font-size:.9rem}
aside.facets h2{font-size:.95rem;margin:1rem 0 .3rem;text-transform:uppercase;letter-spacing:.03em;color:#57606a}
aside.facets ul{list-style:none;margin:0;padding:0}
aside.facets li{display:flex;justify-content:space-between;gap:.5rem;padding:.1rem 0}
aside.facets li a{overflow-wrap:anywhere}
aside.facets li.selected a{font-weight:700}
aside.facets li.selected a::before{content:"\2713\00a0"}
aside.facets .count{color:#57606a;font-variant-numeric:tabular-nums}
aside.facets details summary{cursor:pointer;color:#1a4f8b;padding:.1rem 0}
.total{margin:.2rem 0 .6rem;color:#57606a}
.suggestion{padding:.5rem .8rem;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px}
ol.hits{padding-left:1.6rem;margin:0}
ol.hits>li{margin:0 0 1.1rem}
.hit h3{font-size:1.02rem;margin:0 0 .15rem}
.meta{color:#57606a;font-size:.88rem;margin:.1rem 0}
.snippet{margin:.25rem 0}
mark{background:#fff3a3;color:inherit;padding:0 .05em}
.tags{margin:.25rem 0;font-size:.85rem}
.tag{display:inline-block;margin:.1rem .3rem .1rem 0;padding:0 .45rem;border-radius:1rem;background:#eef3f8;border:1px solid #c8d3df;text-decoration:none;color:#1d1d1f}
.tag.agencies{background:#eef8ee;border-color:#bcd9bc}
.tag.working-groups{background:#f6eef8;border-color:#d7c2de}
.tag.affected-persons{background:#fdf1e6;border-color:#e3c4a3}
.response{font-variant:small-caps;font-weight:600}
nav.pager{display:flex;flex-wrap:wrap;gap:.4rem;margin:1.2rem 0;align-items:center}
nav.pager a,nav.pager span{padding:.2rem .6rem;border:1px solid #d0d7de;border-radius:4px;text-decoration:none}
nav.pager span.current{background:#1a4f8b;color:#fff;border-color:#1a4f8b}
.error{padding:.7rem 1rem;border:1px solid #cf222e;background:#ffebe9;border-radius:4px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.6rem;border-radius:4px}
.error pre{background:transparent;padding:0;margin:.4rem 0 0}
.unit-text{font-size:1.08rem;margin:1rem 0;padding:.8rem 1rem;border-left:4px solid #1a4f8b;background:#f6f8fa}
dl.context{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.6rem 0}
dl.context dt{font-weight:600;color:#57606a}
dl.context dd{margin:0}
ul.evidence{margin:.1rem 0 .4rem;font-size:.88rem;color:#424a53}
table.tags{border-collapse:collapse;width:100%;font-size:.92rem}
table.tags td,table.tags th{border-bottom:1px solid #d0d7de;padding:.3rem .4rem;text-align:left;vertical-align:top}
form.extract{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.6rem 1rem;align-items:end;margin-bottom:1rem}
form.extract label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem}
form.extract select,form.extract input{font-size:1rem;padding:.35rem;max-width:100%}
.downloads a{margin-right:1rem}
.extract-body ol.entries>li{margin:.7rem 0}
.extract-body ul.sources{font-size:.9rem;color:#424a53}
.extract-body table{border-collapse:collapse;margin:.5rem 0}
.extract-body td,.extract-body th{border:1px solid #d0d7de;padding:.2rem .5rem}
.extract-body svg{max-width:100%;height:auto}
.extract-body svg text{font:12px sans-serif}
.extract-body h1{font-size:1.4rem}
footer.site{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;color:#57606a;font-size:.85rem}
@media (max-width:760px){
 .layout{display:flex;flex-direction:column-reverse;gap:.5rem}
 aside.facets{border-top:1px solid #d0d7de}
 main{padding:.6rem}
 dl.context{grid-template-columns:1fr}
 dl.context dt{margin-top:.3rem}
}
@media print{
 header.site,footer.site,form.search,form.extract,aside.facets,nav.pager,.active-filters,.downloads,.no-print{display:none!important}
 .layout{display:block}
 main{max-width:none;padding:0}
 body{font-family:Georgia,serif;font-size:11pt}
 a{color:inherit;text-decoration:none}
 .hit h3 a::after{content:" <" attr(href) ">";font-size:.8em;color:#555;font-weight:400}
 ol.hits>li,.extract-body li{break-inside:avoid}
 mark{background:none;font-weight:700}
}
)css";

// Progressive enhancement only: every control also works by submitting
// the form. The options submit when changed; "/" focuses the query box.
constexpr std::string_view kJs = R"js("use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { if (el.form) el.form.submit(); });
  });
  var box = document.querySelector("form.search input[type=search]");
  document.addEventListener("keydown", function (e) {
    if (!box || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") return;
    e.preventDefault();
    box.focus();
    box.select();
  });
  document.documentElement.classList.add("js");
});
)js";

constexpr std::string_view kIcon = R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1a4f8b"/><path d="M4 3v10M12 3v10M4 8h8" stroke="#fff" stroke-width="2"/></svg>
)svg";

constexpr Asset kAssets[] = {
    {"hrdex.css", "text/css; charset=utf-8", kCss},
    {"hrdex.js", "text/javascript; charset=utf-8", kJs},
    {"icon.svg", "image/svg+xml", kIcon},
};

}  // namespace

const Asset* find_asset(std::string_view name) {
  for (const Asset& a : kAssets)
    if (a.path == name) return &a;
  return nullptr;
}

}  // namespace hrdex::serve
