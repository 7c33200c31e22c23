import Basics
import ScenarioModel

/// Break's retry settings and Resume's output: Make keeps them in the directive module's mapper,
/// sonarflow on `onError` (`retry: {attempts, interval}`, `output`).
enum DirectiveSettings {
  /// The `onError` key and value the directive's mapper becomes; nil when it has none or no
  /// sonarflow form (a `"{{true}}"` retry flag).
  static func forward(_ directive: JSONObject, then: String) -> (key: String, value: JSONValue)? {
    guard case .object(let mapper)? = directive["mapper"] else { return nil }
    switch then {
    case "break":
      guard mapper["retry"] == .bool(true), let count = mapper["count"]?.wholeNumber(acceptingText: true), count >= 1,
        let minutes = mapper["interval"]?.wholeNumber(acceptingText: true), minutes >= 1
      else { return nil }
      return ("retry", .object(JSONObject([("attempts", .int(count)), ("interval", .string("\(minutes)m"))])))
    case "resume":
      return mapper.isEmpty ? nil : ("output", .object(mapper))
    default:
      return nil
    }
  }

  static func report(_ directive: JSONObject, then: String) -> [ImportReport.Field] {
    guard case .object(let mapper)? = directive["mapper"], !mapper.isEmpty else { return [] }
    if forward(directive, then: then) != nil {
      return [
        .init(
          name: "mapper", status: then == "break" ? .adapted : .exact,
          note: then == "break" ? "retry count and interval (minutes) as onError.retry" : "as onError.output")
      ]
    }
    return [
      .init(
        name: "mapper", status: .unsupported,
        note: then == "break"
          ? "Break without a literal retry count and interval: sonarflow retries 3 times every 15 minutes; kept for export"
          : "kept for export; no effect on runs")
    ]
  }

  /// The directive module export writes for `onError`: the one imported when `then` and its
  /// settings are unchanged, otherwise a new one with the next free id.
  static func directive(
    then: String, handler: JSONObject, kept: JSONValue?, nextID: () -> Int
  ) -> JSONValue? {
    if case .null? = kept, then == "ignore" { return nil }
    let current = handler["retry"] ?? handler["output"]
    if case .object(let original)? = kept, case .string(let name)? = original["module"],
      ModuleMapping.directives[name] == then
    {
      let imported = forward(original, then: then)?.value
      let same =
        switch (imported, current) {
        case (nil, nil): true
        case (let left?, let right?): left.isJSONEqual(to: right)
        default: false
        }
      if same { return .object(original) }
    }
    guard let name = ModuleMapping.directives.first(where: { $0.value == then })?.key else { return nil }
    var mapper = JSONObject()
    if then == "break", case .object(let retry)? = handler["retry"] {
      let attempts = retry["attempts"]?.wholeNumber(acceptingText: true) ?? Retry.defaultAttempts
      var minutes = Int(Retry.defaultInterval.components.seconds / 60)
      if case .string(let text)? = retry["interval"], case .success(let duration) = DurationText.parse(text) {
        minutes = max(1, Int((duration.components.seconds + 59) / 60))
      } else if let seconds = retry["interval"]?.wholeNumber(acceptingText: true) {
        minutes = max(1, (seconds + 59) / 60)
      }
      mapper = JSONObject([
        ("retry", .bool(true)), ("count", .string("\(attempts)")), ("interval", .string("\(minutes)")),
      ])
    } else if then == "resume", case .object(let output)? = handler["output"] {
      mapper = output
    }
    // A changed directive keeps the imported one's id and designer position.
    let original = kept?.objectValue
    return .object(
      JSONObject([
        ("id", original?["id"] ?? .int(nextID())), ("module", .string(name)), ("version", .int(1)),
        ("parameters", .object(JSONObject())), ("mapper", .object(mapper)),
        (
          "metadata",
          original?["metadata"]
            ?? .object(JSONObject([("designer", .object(JSONObject([("x", .int(0)), ("y", .int(0))])))]))
        ),
      ]))
  }
}
