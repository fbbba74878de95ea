def entry(request) -> dict:
    """The link a respondent came in by (the area's own, or a contact's branch): every link
    on their pages keeps it, so the branch is known without a cookie."""
    return {"entry": getattr(request, "relaudit_entry", None)}
