// The committee filter of the meetings list: shows the rows
// (data-committees) of the chosen committee, keeps the choice in the
// address (?gremium=…) and links the committee's page, which lists all its
// meetings. Without this script the page shows every row and links the
// committee pages instead (data-filter-fallback).

const form = document.querySelector("[data-filter]");
const select = form.querySelector("select");
const status = form.querySelector("[data-filter-status]");
const more = form.querySelector("[data-filter-more]");
const groups = [...document.querySelectorAll("[data-filter-group]")];
const param = select.name;
const fmt = form.dataset;

function apply() {
  const value = select.value;
  let shown = 0;
  for (const g of groups) {
    let n = 0;
    for (const row of g.querySelectorAll("[data-committees]")) {
      row.hidden = value !== "" && !row.dataset.committees.split(" ").includes(value);
      if (!row.hidden) n++;
    }
    g.hidden = n === 0;
    shown += n;
  }
  const option = select.selectedOptions[0];
  status.textContent = value === "" ? "" : (shown === 1 ? fmt.countOne : fmt.count).replace("{n}", shown).replace("{committee}", option.text);
  more.hidden = value === "";
  if (value !== "") more.firstElementChild.href = option.dataset.url;
}

function fromURL() {
  const v = new URLSearchParams(location.search).get(param) ?? "";
  select.value = [...select.options].some((o) => o.value === v) ? v : "";
  apply();
}

select.addEventListener("change", () => {
  const u = new URL(location.href);
  if (select.value) u.searchParams.set(param, select.value);
  else u.searchParams.delete(param);
  history.replaceState(null, "", u);
  apply();
});
addEventListener("popstate", fromURL);

for (const f of document.querySelectorAll("[data-filter-fallback]")) f.hidden = true;
form.hidden = false;
fromURL();
