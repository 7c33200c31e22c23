#!/usr/bin/env python3
"""Writes N scenario files of about 60 lines each, all valid, with varied modules, filters and maps."""
import os
import sys

TEMPLATE = """# yaml-language-server: $schema=../sonarflow.schema.json
name: Generated scenario {n}
description: Benchmark scenario number {n}, with a router, filters and error handlers.
connection: {{ tokenEnv: SONAR_TOKEN, sandbox: false }}
settings: {{ sequential: false, maxCycles: 1, storeIncomplete: true, timezone: UTC }}
trigger:
  module: sonar.watchUnassignedMessage
  params: {{ webhookName: generated-{n} }}
flow:
  - id: 2
    module: sonar.getCustomer
    map:
      phoneNumber: "{{{{1.customer.phone_number}}}}"
  - id: 3
    module: sonar.createOrUpdateCustomer
    map:
      phoneNumber: "{{{{2.phone_number}}}}"
      firstName: "{{{{ifempty(2.first_name; \\"Friend\\")}}}}"
      email: "customer{n}@example.com"
      subscribed: true
      properties:
        - {{ name: seen_{n}, type: text, value: "{{{{1.text}}}}" }}
        - {{ name: score, type: number, value: {n} }}
  - id: 4
    module: flow.router
    routes:
      - name: Resolved
        filter:
          conditions: [[ {{ a: "{{{{1.text}}}}", op: "text:contain:ci", b: resolved }} ]]
        flow:
          - id: 5
            module: sonar.closeCustomer
            map: {{ phoneNumber: "{{{{2.phone_number}}}}" }}
            onError: {{ then: commit }}
      - name: Hours
        filter:
          conditions:
            - - {{ a: "{{{{1.text}}}}", op: "text:contain:ci", b: hours }}
            - - {{ a: "{{{{1.text}}}}", op: "text:contain:ci", b: open }}
        flow:
          - id: 6
            module: sonar.sendMessage
            map:
              phoneNumber: "{{{{2.phone_number}}}}"
              text: "We are open 9 to 5 (message {n})."
              tagNames: [hours, auto]
      - name: Other
        fallback: true
        flow:
          - id: 7
            module: sonar.sendMessage
            map:
              phoneNumber: "{{{{2.phone_number}}}}"
              text: "Thanks, we will reply soon."
            onError:
              then: break
              retry: {{ attempts: 3, interval: 10s }}
          - id: 8
            module: sonar.appendTag
            map: {{ externalMessageId: "{{{{1.message_id}}}}", tagName: acknowledged }}
"""

def main() -> None:
    folder, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    for n in range(count):
        with open(os.path.join(folder, f"scenario-{n:04d}.yaml"), "w", encoding="utf-8") as handle:
            handle.write(TEMPLATE.format(n=n))

if __name__ == "__main__":
    main()
