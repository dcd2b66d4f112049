"""ASCII double quotes in Chinese text, read as the curly quotes they stand for."""


def pair_quotes(text: str) -> str:
    """ASCII double quotes in Chinese text become “ ” alternately; one after a “ left open
    closes it (a database export printing “蒙速办" with an ASCII closing quote)."""
    if '"' not in text:
        return text
    out, curly, ascii_open = [], 0, False
    for ch in text:
        if ch == "“":
            curly += 1
        elif ch == "”":
            curly = max(0, curly - 1)
        elif ch == '"':
            if curly:
                ch, curly = "”", curly - 1
            else:
                ch, ascii_open = ("”" if ascii_open else "“"), not ascii_open
        out.append(ch)
    return "".join(out)
