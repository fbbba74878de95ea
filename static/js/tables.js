// A wide table scrolls inside its own region: where it is wider than the screen, say so in
// words below it (the edge shadow already shows it; this is for anyone who misses that).
const HINT = "Scroll the table sideways to see every column.";

function mark(region) {
  const overflowing = region.scrollWidth > region.clientWidth + 1;
  region.classList.toggle("relaudit-table-scroll--overflowing", overflowing);
  let hint = region.nextElementSibling;
  if (!hint || !hint.classList.contains("relaudit-scroll-hint")) {
    hint = document.createElement("p");
    hint.className = "relaudit-scroll-hint";
    hint.textContent = HINT;
    region.after(hint);
  }
}

export function initTableHints(root) {
  const regions = root.querySelectorAll(".relaudit-table-scroll");
  const update = () => regions.forEach(mark);
  update();
  window.addEventListener("resize", update);
}
