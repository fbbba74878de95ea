"""Path converters: a token is matched by its alphabet, so a malformed one (a NUL byte, a
slash, 500 characters) is a plain 404 and never reaches the database."""


class TokenConverter:
    # secrets.token_urlsafe: letters, digits, "-" and "_" (32 characters for 24 bytes).
    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
