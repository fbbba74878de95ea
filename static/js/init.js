// Starts GOV.UK Frontend's components (error summary focus, character count, conditional
// reveals) and the questionnaire's progress count.
import { initAll } from "../build/govuk-frontend.min.js";
import { initProgress } from "./progress.js";

initAll();
initProgress(document);
