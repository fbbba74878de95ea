// "You have rated 12 of 35 statements": updated as the respondent goes. The visible count
// changes at once; screen readers hear it politely, once the respondent pauses, not on
// every click. Without JavaScript the element stays hidden and nothing is lost.
const QUIET_MS = 2000;

export function initProgress(root) {
  const box = root.querySelector("[data-module='relaudit-progress']");
  const form = box && box.closest("form");
  if (!form) return;
  const visible = box.querySelector(".relaudit-progress__count");
  const spoken = box.querySelector(".relaudit-progress__announce");
  const groups = Array.from(form.querySelectorAll(".relaudit-statement"));
  let timer = null;

  function text() {
    const rated = groups.filter((g) => g.querySelector("input[type=radio]:checked")).length;
    return `You have rated ${rated} of ${groups.length} statements`;
  }

  function update() {
    visible.textContent = text();
    clearTimeout(timer);
    timer = setTimeout(() => { spoken.textContent = text(); }, QUIET_MS);
  }

  box.hidden = false;
  visible.textContent = text();
  form.addEventListener("change", (event) => {
    if (event.target.type === "radio") update();
  });
}
