import Basics
import Engine

/// The JSON Schema (draft 2020-12) of scenario test files, for editors: `sonarflow schema --tests`.
/// It describes what ``ScenarioTestParser`` reads; the parser stays the judge (module ids, routes
/// and faults are checked against the scenario and the emulator there).
package enum TestFileSchema {
  package static func generate() -> String {
    schema.text(pretty: true) + "\n"
  }

  static var schema: JSONValue {
    object([
      ("$schema", "https://json-schema.org/draft/2020-12/schema"),
      ("$id", "https://sonarflow.dev/sonarflow-test.schema.json"),
      ("title", "sonarflow scenario test file"),
      (
        "description",
        "Cases that run a scenario against the built-in Sonar emulator: `sonarflow test` (docs/testing.md)."
      ),
      ("type", "object"),
      ("additionalProperties", false),
      ("required", ["tests"]),
      (
        "properties",
        object([
          ("scenario", text("The scenario file, relative to this file; default: <name>.yaml beside <name>.test.yaml.")),
          ("now", date("The value of `now` for every case (ISO 8601); default 2026-01-01T00:00:00Z.")),
          ("timezone", text("The time zone of every case (IANA, e.g. Europe/Paris); default: the scenario's.")),
          (
            "tests",
            .object(JSONObject([("type", "array"), ("items", .object(JSONObject([("$ref", "#/$defs/case")])))]))
          ),
        ])
      ),
      (
        "$defs",
        object([
          ("case", testCase),
          ("httpStub", httpStub),
          ("bundle", .object(JSONObject([("type", "object"), ("description", "A bundle: any mapping.")]))),
          ("moduleExpectations", moduleExpectations),
          ("matcher", matcher),
        ])
      ),
    ])
  }

  static var testCase: JSONValue {
    object([
      ("type", "object"),
      ("additionalProperties", false),
      ("required", ["name"]),
      (
        "properties",
        object([
          ("name", text("Unique in the file; --filter matches it.")),
          (
            "trigger",
            object([
              ("description", "The trigger's output: one bundle, or a list of bundles (one execution with them)."),
              ("oneOf", [ref("bundle"), .object(JSONObject([("type", "array"), ("items", ref("bundle"))]))]),
            ])
          ),
          (
            "world",
            object([
              ("type", "object"),
              ("description", "The emulator's state before the run (docs/emulator.md)."),
              ("additionalProperties", false),
              (
                "properties",
                object([
                  ("account", .object(JSONObject([("type", "object")]))),
                  ("customers", .object(JSONObject([("type", "array"), ("items", ref("bundle"))]))),
                  (
                    "tags",
                    .object(JSONObject([("type", "array"), ("items", .object(JSONObject([("type", "string")])))]))
                  ),
                  ("campaigns", .object(JSONObject([("type", "array"), ("items", ref("bundle"))]))),
                ])
              ),
            ])
          ),
          (
            "dataStores",
            dataStores(
              "Data store records written before the run: store → key → the record's fields.", record: ref("bundle"))
          ),
          (
            "faults",
            object([
              ("type", "array"),
              ("description", "Faults the emulator injects into Sonar's answers (POST /_emulator/faults)."),
              (
                "items",
                object([
                  ("type", "object"),
                  ("additionalProperties", false),
                  (
                    "properties",
                    object([
                      ("status", .object(JSONObject([("enum", [429, 500, 502, 503, 504])]))),
                      ("retry_after", integer),
                      ("latency_ms", integer),
                      ("drop", .object(JSONObject([("type", "boolean")]))),
                      ("phase", .object(JSONObject([("enum", ["before", "after"])]))),
                      ("count", integer),
                      ("fraction", .object(JSONObject([("type", "number"), ("minimum", 0), ("maximum", 1)]))),
                      ("path", text("Only requests whose path starts with this.")),
                      ("method", text("Only requests with this method.")),
                    ])
                  ),
                ])
              ),
            ])
          ),
          ("now", date("The value of `now` for this case (ISO 8601).")),
          ("timezone", text("The time zone `now` and the date functions work in (IANA); default: the file's.")),
          (
            "http",
            object([
              ("type", "array"),
              (
                "description",
                "Answers to the requests of http.request and http.watch, first match first; an unanswered request fails the case."
              ),
              ("items", ref("httpStub")),
            ])
          ),
          (
            "mocks",
            object([
              ("type", "object"),
              ("description", "Module id → what it answers instead of running."),
              ("propertyNames", .object(JSONObject([("pattern", "^[1-9][0-9]*$")]))),
              (
                "additionalProperties",
                object([
                  ("type", "object"),
                  ("additionalProperties", false),
                  (
                    "properties",
                    object([
                      ("output", .object(JSONObject([("description", "A bundle, or a list of bundles.")]))),
                      (
                        "error",
                        object([
                          ("type", "object"),
                          ("additionalProperties", false),
                          (
                            "properties",
                            object([
                              ("type", errorType), ("message", text("The error's message.")), ("statusCode", integer),
                            ])
                          ),
                        ])
                      ),
                    ])
                  ),
                ])
              ),
            ])
          ),
          (
            "expect",
            object([
              ("type", "object"),
              ("additionalProperties", false),
              (
                "properties",
                object([
                  ("status", .object(JSONObject([("enum", ["success", "warning", "error", "interrupted"])]))),
                  (
                    "modules",
                    object([
                      ("type", "object"),
                      ("propertyNames", .object(JSONObject([("pattern", "^[1-9][0-9]*$")]))),
                      ("additionalProperties", ref("moduleExpectations")),
                    ])
                  ),
                  ("messages", .object(JSONObject([("type", "array"), ("items", ref("matcher"))]))),
                  (
                    "customers",
                    object([
                      ("type", "array"),
                      ("items", .object(JSONObject([("type", "object"), ("required", ["phone_number"])]))),
                    ])
                  ),
                  (
                    "dataStores",
                    dataStores(
                      "Data store records after the run: store → key → a matcher of the record's fields, or null for no record.",
                      record: ref("matcher"))
                  ),
                  (
                    "conditions",
                    object([
                      ("type", "array"),
                      (
                        "items",
                        .object(
                          JSONObject([("type", "string"), ("pattern", "\\{\\{"), ("description", "Renders true.")]))
                      ),
                    ])
                  ),
                ])
              ),
            ])
          ),
        ])
      ),
    ])
  }

  static var httpStub: JSONValue {
    object([
      ("type", "object"),
      ("additionalProperties", false),
      ("required", ["url"]),
      (
        "properties",
        object([
          (
            "method",
            .object(
              JSONObject([
                (
                  "enum",
                  .array(
                    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].flatMap {
                      [JSONValue.string($0), .string($0.lowercased())]
                    })
                )
              ]))
          ),
          (
            "url",
            object([
              ("description", "The whole URL requested (query included), or { matches: REGEX }."),
              (
                "oneOf",
                [
                  .object(JSONObject([("type", "string")])),
                  object([
                    ("type", "object"), ("additionalProperties", false), ("required", ["matches"]),
                    ("properties", object([("matches", .object(JSONObject([("type", "string")])))])),
                  ]),
                ]
              ),
            ])
          ),
          ("status", .object(JSONObject([("type", "integer"), ("minimum", 100), ("maximum", 599)]))),
          (
            "headers",
            object([("type", "object"), ("additionalProperties", .object(JSONObject([("type", "string")])))])
          ),
          ("body", .object(JSONObject([("description", "Text as it is; a mapping or list is sent as JSON.")]))),
        ])
      ),
    ])
  }

  static var moduleExpectations: JSONValue {
    object([
      ("type", "object"),
      ("additionalProperties", false),
      (
        "properties",
        object([
          ("called", integer),
          ("operation", .object(JSONObject([("type", "integer"), ("minimum", 1)]))),
          ("input", ref("matcher")),
          ("output", ref("matcher")),
          ("filtered", .object(JSONObject([("type", "boolean")]))),
          (
            "error",
            object([
              ("type", "object"),
              ("additionalProperties", false),
              ("properties", object([("type", errorType), ("message", ref("matcher"))])),
            ])
          ),
          ("routes", .object(JSONObject([("type", "array"), ("items", .object(JSONObject([("type", "string")])))]))),
        ])
      ),
    ])
  }

  /// A value to match like for like, or one of `equals`, `contains`, `matches`.
  static var matcher: JSONValue {
    .object(
      JSONObject([
        (
          "description",
          "A value matched like for like (a mapping needs only its keys), or { equals }, { contains }, { matches: REGEX }."
        )
      ]))
  }

  static var errorType: JSONValue {
    .object(JSONObject([("enum", .array(ErrorType.allCases.map { .string($0.rawValue) }))]))
  }

  static var integer: JSONValue { .object(JSONObject([("type", "integer"), ("minimum", 0)])) }

  static func text(_ description: String) -> JSONValue {
    .object(JSONObject([("type", "string"), ("description", .string(description))]))
  }

  /// No type: YAML readers differ on whether an unquoted timestamp is text or a date.
  static func date(_ description: String) -> JSONValue {
    .object(JSONObject([("description", .string(description))]))
  }

  /// `{ STORE: { KEY: record } }`.
  static func dataStores(_ description: String, record: JSONValue) -> JSONValue {
    object([
      ("type", "object"), ("description", .string(description)),
      ("additionalProperties", object([("type", "object"), ("additionalProperties", record)])),
    ])
  }

  static func ref(_ name: String) -> JSONValue { .object(JSONObject([("$ref", .string("#/$defs/\(name)"))])) }

  static func object(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(pairs)) }
}
