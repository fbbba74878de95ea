// Loaded first in <body>: GOV.UK Frontend's styles for JavaScript-only features key off
// these classes. A file, not an inline script, so a strict Content Security Policy holds.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
