import Basics
import Foundation
package import ModuleCatalogue
import ScenarioModel

/// Generates the JSON Schema (draft 2020-12) of scenario files from the module catalogue, so editors
/// running yaml-language-server complete module names, `map` fields and choices, and flag mistakes.
package struct SchemaGenerator: Sendable {
  package var catalogue: ModuleCatalogue

  package init(catalogue: ModuleCatalogue = .standard) {
    self.catalogue = catalogue
  }

  /// The schema as pretty-printed JSON with sorted keys (stable, so it can be checked in).
  package func generate() -> String {
    let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? JSONSerialization.data(withJSONObject: schema(), options: options) else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  private static let templatePattern = "\\{\\{"

  package func schema() -> [String: Any] {
    var defs: [String: Any] = [
      "template": [
        "type": "string", "pattern": Self.templatePattern,
        "description": "A mapping template such as {{1.phone_number}}.",
      ],
      "duration": [
        "type": ["string", "number"], "pattern": "^([0-9]+(ms|s|m|h|d))+$|^[0-9]+(\\.[0-9]+)?$",
        "description": "A duration: 500ms, 10s, 15m, 2h, 1d, or a number of seconds.",
      ],
      "flow": ["type": ["array", "null"], "items": ["$ref": "#/$defs/module"]],
      "filter": filterSchema(),
      "onError": errorHandlerSchema(),
      "route": [
        "type": "object", "additionalProperties": false, "required": ["flow"],
        "properties": [
          "name": ["type": "string"],
          "filter": ["$ref": "#/$defs/filter"],
          "fallback": ["type": "boolean", "description": "Run this route only when no other route passed."],
          "flow": ["$ref": "#/$defs/flow"],
        ],
      ],
      "trigger": triggerSchema(),
      "module": moduleSchema(),
      "make": [
        "type": "object",
        "description":
          "What a Make blueprint held that sonarflow does not run, kept by sonarflow import make for export to Make; no effect on runs.",
      ],
    ]
    defs["condition"] = conditionSchema()
    return [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://sonarflow.dev/schema/scenario.json",
      "title": "sonarflow scenario",
      "description": "A Make-style scenario for the Sonar SMS platform; see docs/scenario-format.md.",
      "type": "object",
      "additionalProperties": false,
      "required": ["name", "trigger", "flow"],
      "properties": [
        "name": ["type": "string", "minLength": 1, "description": "What the scenario does."],
        "description": ["type": "string"],
        "connection": [
          "type": "object", "additionalProperties": false,
          "description": "How to reach Sonar. The token itself never sits in a scenario file.",
          "properties": [
            "tokenEnv": [
              "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "default": Connection.defaultTokenEnv,
              "description": "The environment variable holding the Sonar API token.",
            ],
            "sandbox": [
              "type": "boolean", "default": false, "description": "Use Sonar's sandbox (Make's Sandbox checkbox).",
            ],
          ],
        ],
        "settings": [
          "type": "object", "additionalProperties": false,
          "properties": [
            "sequential": [
              "type": "boolean", "default": false, "description": "Process executions one at a time, in order.",
            ],
            "maxCycles": ["type": "integer", "minimum": 1, "default": 1, "description": "Cycles per execution."],
            "storeIncomplete": [
              "type": "boolean", "default": false,
              "description": "Keep executions stopped by an error, to resume them.",
            ],
            "confidential": ["type": "boolean", "default": false, "description": "Store no bundle data in history."],
            "autoCommit": [
              "type": "boolean", "default": false,
              "description":
                "Commit each transactional module's work (the data store writes) as soon as it succeeds; off, the execution's writes become visible when it ends in success or warning and are undone when it ends in error (rollback).",
            ],
            "maxConsecutiveErrors": [
              "type": "integer", "minimum": 1, "default": 3,
              "description":
                "sonarflow serve deactivates the scenario after this many of its executions in a row end in error (warnings, handled errors and incomplete executions do not count; a success resets the count). A webhook-triggered scenario is deactivated after its first error whatever this says, as in Make. A deactivated scenario's webhooks are still accepted and stored, and run in order once sonarflow scenarios enable NAME enables it again.",
            ],
            "timezone": ["type": "string", "default": "UTC", "description": "IANA time zone for date functions."],
          ],
        ],
        "trigger": ["$ref": "#/$defs/trigger"],
        "flow": ["$ref": "#/$defs/flow"],
        "make": ["$ref": "#/$defs/make"],
      ],
      "$defs": defs,
    ]
  }

  private func triggerSchema() -> [String: Any] {
    let triggers = catalogue.triggers
    return [
      "type": "object", "additionalProperties": false, "required": ["module"],
      "description": "Module 1: the webhook or polling watch that starts the scenario.",
      "properties": [
        "module": ["enum": triggers.map(\.name), "description": "The trigger module."],
        "name": ["type": "string"],
        "params": ["type": "object"],
        "schedule": [
          "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
          "description": "For polling triggers: an interval or a cron expression.",
          "properties": [
            "every": ["$ref": "#/$defs/duration"],
            "cron": ["type": "string", "description": "Five fields: minute hour day-of-month month day-of-week."],
          ],
        ],
        "make": ["$ref": "#/$defs/make"],
      ],
      "allOf": triggers.map { spec -> [String: Any] in
        [
          "if": ["properties": ["module": ["const": spec.name]], "required": ["module"]],
          "then": ["properties": ["params": fieldsSchema(spec.params)]],
        ]
      },
    ]
  }

  private func moduleSchema() -> [String: Any] {
    let modules = catalogue.flowModules
    return [
      "type": "object", "additionalProperties": false, "required": ["id", "module"],
      "properties": [
        "id": [
          "type": "integer", "minimum": 2,
          "description": "Unique in the scenario; mapping refers to the output as {{id.field}}.",
        ],
        "module": ["enum": modules.map(\.name), "description": "The module to run."],
        "name": ["type": "string"],
        "params": ["type": "object"],
        "map": ["type": ["object", "null"]],
        "filter": ["$ref": "#/$defs/filter"],
        "onError": ["$ref": "#/$defs/onError"],
        "routes": ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/route"]],
        "make": ["$ref": "#/$defs/make"],
      ],
      "allOf": modules.map { spec -> [String: Any] in
        var then: [String: Any] = [
          "properties": [
            "params": fieldsSchema(spec.params),
            "map": spec.fields.isEmpty ? ["type": "null"] : fieldsSchema(spec.fields),
          ]
        ]
        if spec.kind == .router { then["required"] = ["routes"] }
        return [
          "if": ["properties": ["module": ["const": spec.name]], "required": ["module"]],
          "then": then,
          "description": "\(spec.label): \(spec.summary)",
        ]
      },
    ]
  }

  private func fieldsSchema(_ fields: [FieldSpec]) -> [String: Any] {
    var properties: [String: Any] = [:]
    for field in fields { properties[field.name] = fieldSchema(field) }
    var schema: [String: Any] = ["type": "object", "additionalProperties": false, "properties": properties]
    let required = fields.filter(\.isRequired).map(\.name)
    if !required.isEmpty { schema["required"] = required }
    return schema
  }

  private func fieldSchema(_ field: FieldSpec) -> [String: Any] {
    var schema = typeSchema(field.type, allowsTemplate: field.allowsTemplate)
    schema["title"] = field.label
    schema["description"] = field.help
    return schema
  }

  private func typeSchema(_ type: FieldType, allowsTemplate: Bool) -> [String: Any] {
    let plain: [String: Any]
    switch type {
    case .any:
      return [:]
    case .text, .date, .phone, .email:
      plain = ["type": ["string", "number", "boolean"]]
    case .url, .network:
      plain = ["type": "string"]
    case .secret:
      plain = ["type": "string", "pattern": "^(env:[A-Za-z_][A-Za-z0-9_]*|file:/.+)$"]
    case .number:
      plain = ["anyOf": [["type": "number"], ["type": "string", "pattern": "^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$"]]]
    case .integer(let min, let max):
      var integer: [String: Any] = ["type": "integer"]
      if let min { integer["minimum"] = min }
      if let max { integer["maximum"] = max }
      plain = integer
    case .boolean:
      plain = [
        "anyOf": [["type": "boolean"], ["type": "string", "pattern": "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"]]
      ]
    case .select(let options):
      plain = ["enum": options]
    case .array(let item):
      plain = ["type": "array", "items": typeSchema(item, allowsTemplate: allowsTemplate)]
    case .collection(let fields):
      plain = fieldsSchema(fields)
    }
    guard allowsTemplate else { return plain }
    return ["anyOf": [plain, ["$ref": "#/$defs/template"]]]
  }

  private func filterSchema() -> [String: Any] {
    [
      "type": "object", "additionalProperties": false, "required": ["conditions"],
      "description": "Make's filter: the bundle passes when any AND-group holds.",
      "properties": [
        "name": ["type": "string"],
        "conditions": [
          "type": "array", "minItems": 1, "description": "OR of AND-groups.",
          "items": [
            "anyOf": [
              ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/condition"]],
              ["$ref": "#/$defs/condition"],
            ]
          ],
        ],
      ],
    ]
  }

  private func conditionSchema() -> [String: Any] {
    [
      "type": "object", "additionalProperties": false, "required": ["a", "op"],
      "properties": [
        "a": ["description": "The value to test, usually a template."],
        "op": ["enum": FilterOperator.allIDs, "description": "Make's operator id."],
        "b": ["description": "The value to compare with (not for exist/notexist)."],
      ],
    ]
  }

  private func errorHandlerSchema() -> [String: Any] {
    [
      "type": "object", "additionalProperties": false, "required": ["then"],
      "description": "The error-handler route: optional modules, then a directive.",
      "properties": [
        "flow": ["$ref": "#/$defs/flow"],
        "then": ["enum": Directive.allCases.map(\.rawValue)],
        "retry": [
          "type": "object", "additionalProperties": false,
          "description":
            "With break: complete the incomplete execution automatically (serve), 'attempts' times, 'interval' apart (at least 1s). Without it, break uses 3 attempts 15 minutes apart.",
          "properties": [
            "attempts": ["type": "integer", "minimum": 1, "default": Retry.defaultAttempts],
            "interval": ["$ref": "#/$defs/duration"],
          ],
        ],
        "output": ["type": "object", "description": "With resume: the substitute output bundle."],
      ],
    ]
  }
}
