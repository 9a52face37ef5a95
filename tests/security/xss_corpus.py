"""Hostile text a child's idea (or any form) may carry. Every payload must
come back inert: escaped in HTML, a string in JSON, text in a spreadsheet.
``MARK`` lets a test find its own payloads again."""

MARK = "xq7"

PAYLOADS = [
    f"<script>alert('{MARK}')</script>",
    f'"><img src=x onerror=alert("{MARK}")>',
    f"'><svg onload=alert('{MARK}')>",
    f"<svg><script>alert('{MARK}')</script></svg>",
    f"javascript:alert('{MARK}')",
    f"<a href=\"javascript:alert('{MARK}')\">klik {MARK}</a>",
    f"<iframe src=\"javascript:alert('{MARK}')\"></iframe>",
    f"<body onload=alert('{MARK}')>",
    f"<div style=\"background:url(javascript:alert('{MARK}'))\">{MARK}</div>",
    f"</textarea><script>alert('{MARK}')</script>",
    f"</title><script>alert('{MARK}')</script>",
    f"{{{{7*7}}}} {{% debug %}} ${{7*7}} {MARK}",
    f"{{{{ request.user.password }}}} {MARK}",
    f"\u202eRTL gpj.exe {MARK} \u202c",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{MARK}')>",
    f'=HYPERLINK("http://jahat.example","{MARK}")',
    f"+cmd|' /C calc'!A0 {MARK}",
    f"@SUM(1+1)*cmd|' /C calc'!A0 {MARK}",
    f'<object data="data:text/html,<script>alert(1)</script>">{MARK}</object>',
    f"\"; alert('{MARK}'); var a=\"",
    f"&lt;script&gt;alert('{MARK}')&lt;/script&gt; &#x3C;b&#x3E;{MARK}",
    f"-2+3+cmd|' /C calc'!A0 {MARK}",
    f'<img src="http://example.com/{MARK}.png" alt="{MARK}">',
    f'<base href="http://jahat.example/">{MARK}',
]
# A remote image: rendered as markup, the PDF renderer would try to fetch it.
REMOTE_IMAGE = PAYLOADS[-2]
# Text a spreadsheet would run as a formula (CSV cells must not start so).
FORMULAS = [p for p in PAYLOADS if p.startswith(("=", "+", "-", "@"))]
