// Starts GOV.UK Frontend's components (error summary focus, character count, conditional
// reveals), the questionnaire's progress count and the results tables' scroll hints.
import { initAll } from "../build/govuk-frontend.min.js";
import { initProgress } from "./progress.js";
import { initTableHints } from "./tables.js";

initAll();
initProgress(document);
initTableHints(document);
