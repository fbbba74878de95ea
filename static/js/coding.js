// The coding page, better with JavaScript: single-key shortcuts (listed on the page) and
// selecting words in the comment to make them the passage. Without it every control is a
// plain form field or button, reached with Tab, Space and Enter.
const form = document.querySelector("[data-module='relaudit-coding']");
const source = document.querySelector("[data-module='relaudit-passage-source']");

function typingInField(target) {
  return target.closest("input[type=text], input[type=search], textarea, select, [contenteditable]");
}

function shortcut(key) {
  return form && form.querySelector(`[data-shortcut='${key}']`);
}

if (form) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
    const key = event.key.toLowerCase();
    const control = shortcut(key) || document.querySelector(`a[data-shortcut='${key}']`);
    if (!control) return;
    event.preventDefault();
    if (control.type === "checkbox") {
      control.checked = !control.checked;
      control.focus();
    } else if (control.type === "radio") {
      control.checked = true;
      control.focus();
    } else {
      control.click(); // a submit button (A, S) or the skip link (K)
    }
  });
}

// A selection inside the comment becomes the passage: its words, and where it starts (in
// characters, as the server counts them) to tell repeated words apart.
if (form && source) {
  const quote = form.querySelector("#quote");
  const near = form.querySelector("#near");
  const capture = () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !source.contains(selection.anchorNode)) return;
    const range = selection.getRangeAt(0);
    const before = document.createRange();
    before.setStart(source, 0);
    before.setEnd(range.startContainer, range.startOffset);
    quote.value = selection.toString().trim();
    near.value = String(Array.from(before.toString()).length);
  };
  source.addEventListener("mouseup", capture);
  source.addEventListener("keyup", capture);
}
