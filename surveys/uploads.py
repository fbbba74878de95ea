"""Reading the files administrators upload (areas, contacts, reviewers), and the one error
every import raises: each problem found, one line each, with nothing imported."""


class UploadError(ValueError):
    """An uploaded file (or pasted rows) with problems: every row was checked and nothing
    was imported. `errors` lists each problem with its row number."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def decode_csv(raw: bytes, *, errors: str = "strict") -> str:
    """UTF-8 with or without a byte order mark, else Windows-1252 (Excel's "CSV")."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors=errors)
