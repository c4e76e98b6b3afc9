// The citation box (layouts/_partials/cite.html): fills in today as the
// date of access, in the page's language, and offers a copy button.
// Nothing leaves the page.

const text = document.getElementById("cite-text");
const accessed = text.querySelector("[data-accessed]");
const lang = document.documentElement.lang || "de";
accessed.textContent = new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date());

const actions = document.querySelector(".cite-actions");
const button = actions.querySelector("button");
const status = actions.querySelector("[role=status]");

async function copy(s) {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(s);
      return true;
    } catch {
      // not allowed here (an insecure origin, a browser setting): select instead
    }
  }
  const range = document.createRange();
  range.selectNodeContents(text);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return document.execCommand?.("copy") ?? false;
}

button.addEventListener("click", async () => {
  const ok = await copy(text.textContent.replace(/\s+/g, " ").trim());
  status.textContent = ok ? status.dataset.copied : status.dataset.failed;
});
actions.hidden = false;
