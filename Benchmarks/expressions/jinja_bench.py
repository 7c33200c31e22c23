#!/usr/bin/env python3
"""Jinja2 baseline for the mapping-expression benchmark: the same five fields over the same
bundles as Benchmarks/ExpressionsBenchmark, compiled templates rendered per bundle.

Prints 'jinja2 <bundles per second>' on stdout (timings on stderr).
"""
import sys
import time

import jinja2

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000

env = jinja2.Environment(autoescape=False)
FIELDS = {
    "phoneNumber": "{{ b1.phone_number }}",
    "text": 'Hi {{ b2.first_name or "there" }}, welcome to {{ b1.company | upper }}!',
    "tagNames": '{{ b2.tags | map(attribute="name") | join(", ") }}',
    "count": '{{ (b1["items"] | length) * 2 }}',
    "note": "{{ (b1.note | trim)[0:20] }}",
}
templates = [env.from_string(source) for source in FIELDS.values()]

bundles = [
    (
        {
            "phone_number": "+1555%d" % (1_000_000 + index % 1_000_000),
            "company": "acme",
            "items": [1, 2, 3],
            "note": "  hello world, this is a note  ",
        },
        {"first_name": "", "tags": [{"name": "vip"}, {"name": "new"}]},
    )
    for index in range(COUNT)
]

start = time.perf_counter()
checksum = 0
for first, second in bundles:
    for template in templates:
        checksum += len(template.render(b1=first, b2=second))
elapsed = time.perf_counter() - start
print("jinja2: %.3f s, checksum %d" % (elapsed, checksum), file=sys.stderr)
print("jinja2 %.0f" % (COUNT / elapsed))
