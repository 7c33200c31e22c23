import Basics
import Engine
import Expressions
import Foundation
import History

/// The data store records a case's expectations name, read after its run: store → key → fields
/// (a key without a record is absent).
typealias DataStoreSnapshot = [String: [String: JSONObject]]

/// Checks one expectation against what a case's execution did and the Sonar world it left.
enum ExpectationCheck {
  /// What `expectation` missed; for a recorded expectation (``Expectation/golden``) each miss
  /// carries what `--update` writes over it.
  static func failures(
    of expectation: Expectation, result: ExecutionResult, world: JSONValue, records: DataStoreSnapshot = [:],
    scenario: CompiledScenario
  ) -> [CaseFailure] {
    var failures = misses(of: expectation, result: result, world: world, records: records, scenario: scenario)
    if !failures.isEmpty, let golden = expectation.golden,
      let value = recorded(expectation, result: result, world: world)
    {
      for index in failures.indices { failures[index].update = GoldenUpdate(location: golden, value: value) }
    }
    return failures
  }

  /// The value a recorded expectation would have to hold to pass (nil when there is none, as for
  /// the input of a module that never ran).
  static func recorded(_ expectation: Expectation, result: ExecutionResult, world: JSONValue) -> Value? {
    switch expectation.kind {
    case .status: return .text(result.status.rawValue)
    case .called(let id, _): return .number(Double(operations(of: id, in: result).count))
    case .input(let id, let number, _): return operation(number, of: id, in: result)?.input
    case .output(let id, let number, _): return operation(number, of: id, in: result)?.outputs?.first
    case .messages:
      return .array(
        outbound(in: world).map { message in
          .collection([
            "phone_number": message.value(at: [.key("phone_number")]), "text": message.value(at: [.key("text")]),
          ])
        })
    case .routes, .filtered, .error, .customer, .dataStoreRecord, .condition: return nil
    }
  }

  static func misses(
    of expectation: Expectation, result: ExecutionResult, world: JSONValue, records: DataStoreSnapshot,
    scenario: CompiledScenario
  ) -> [CaseFailure] {
    let location = expectation.location
    func failure(_ message: String, expected: String? = nil, actual: String? = nil) -> [CaseFailure] {
      [CaseFailure(location: location, message: message, expected: expected, actual: actual)]
    }
    func mismatched(_ what: String, _ mismatches: [ValueMatcher.Mismatch]) -> [CaseFailure] {
      mismatches.map {
        CaseFailure(
          location: location, message: $0.path.isEmpty ? what : "\(what): \($0.path)", expected: $0.expected,
          actual: $0.actual)
      }
    }
    switch expectation.kind {
    case .status(let status):
      guard result.status != status else { return [] }
      let reason = result.error.map { " (\($0.type.rawValue): \($0.message))" } ?? ""
      return failure("the execution's status", expected: status.rawValue, actual: result.status.rawValue + reason)
    case .called(let id, let times):
      let count = operations(of: id, in: result).count
      return count == times ? [] : failure("module \(id)'s operations", expected: "\(times)", actual: "\(count)")
    case .input(let id, let number, let matcher):
      guard let event = operation(number, of: id, in: result) else {
        return failure(notRun(id, number, result))
      }
      return mismatched("module \(id)'s input", matcher.mismatches(event.input ?? .null))
    case .output(let id, let number, let matcher):
      guard let event = operation(number, of: id, in: result) else {
        return failure(notRun(id, number, result))
      }
      guard let output = event.outputs?.first else {
        let why = event.error.map { "it failed: \($0.type.rawValue): \($0.message)" } ?? "it gave no bundle"
        return failure("module \(id)'s output", expected: matcher.description, actual: "none (\(why))")
      }
      return mismatched("module \(id)'s output", matcher.mismatches(output))
    case .routes(let id, let expected, _):
      guard let router = scenario.scenario.allModules.first(where: { $0.id.value == id }) else { return [] }
      let taken = RouteUse.taken(of: router, in: result.events)
      return taken == expected
        ? []
        : failure(
          "router \(id)'s routes taken", expected: Self.list(expected), actual: Self.list(taken))
    case .filtered(let id, let expected):
      let stopped = result.events.contains { $0.moduleID == id && $0.isFiltered }
      return stopped == expected
        ? []
        : failure(
          "module \(id)'s filter", expected: expected ? "stops a bundle" : "stops nothing",
          actual: stopped ? "stopped a bundle" : "stopped nothing")
    case .error(let id, let type, let message):
      guard let error = operations(of: id, in: result).lazy.compactMap(\.error).first else {
        return failure("module \(id)'s error", expected: type ?? "an error", actual: "no error")
      }
      var failures: [CaseFailure] = []
      if let type, type != error.type.rawValue {
        failures += failure(
          "module \(id)'s error type", expected: type, actual: "\(error.type.rawValue): \(error.message)")
      }
      if let message {
        failures += mismatched("module \(id)'s error message", message.mismatches(.text(error.message)))
      }
      return failures
    case .messages(let matchers):
      let sent = outbound(in: world)
      guard sent.count == matchers.count else {
        return failure(
          "messages sent", expected: "\(matchers.count)",
          actual: "\(sent.count)" + (sent.isEmpty ? "" : ": " + sent.map { summary(of: $0) }.joined(separator: "; ")))
      }
      return zip(matchers, sent).enumerated().flatMap { index, pair in
        mismatched("message \(index + 1)", pair.0.mismatches(pair.1))
      }
    case .customer(let phone, let matcher):
      guard let customer = customers(in: world).first(where: { $0.value(at: [.key("phone_number")]).rendered == phone })
      else {
        return failure("the customer \(phone)", expected: "to exist after the run", actual: "no such customer")
      }
      return mismatched("the customer \(phone)", matcher.mismatches(customer))
    case .dataStoreRecord(let store, let key, let matcher):
      let what = "the record '\(key)' of data store '\(store)'"
      switch (records[store]?[key], matcher) {
      case (nil, nil): return []
      case (let record?, nil):
        return failure(what, expected: "no record", actual: JSONValue.object(record).serialized)
      case (nil, _?): return failure(what, expected: "a record", actual: "no record")
      case (let record?, let matcher?): return mismatched(what, matcher.mismatches(Value(json: .object(record))))
      }
    case .condition(let template):
      var outputs: [Int: Value] = [:]
      for event in result.events where !event.isFiltered {
        if let output = event.outputs?.last { outputs[event.moduleID] = output }
      }
      let context = EvaluationContext(
        modules: outputs, timeZone: scenario.timeZone, now: result.startedAt, executionID: result.executionID,
        scenarioName: scenario.scenario.name.value)
      do {
        let value = try Template.compile(template).evaluate(in: context)
        return value == .boolean(true) || value.rendered == "true"
          ? [] : failure("the condition \(template)", expected: "true", actual: value.rendered)
      } catch {
        return failure("the condition \(template)", expected: "true", actual: "an error: \(error.message)")
      }
    }
  }

  /// `'Resolved', 'Opening hours'`, or `none`.
  static func list(_ labels: [String]) -> String {
    labels.isEmpty ? "none" : labels.map { "'\($0)'" }.joined(separator: ", ")
  }

  /// Module `id`'s operations, in order (a filter stopping a bundle is not an operation).
  static func operations(of id: Int, in result: ExecutionResult) -> [OperationEvent] {
    result.events.filter { $0.moduleID == id && !$0.isFiltered }
  }

  static func operation(_ number: Int, of id: Int, in result: ExecutionResult) -> OperationEvent? {
    let all = operations(of: id, in: result)
    return number <= all.count ? all[number - 1] : nil
  }

  static func notRun(_ id: Int, _ number: Int, _ result: ExecutionResult) -> String {
    let count = operations(of: id, in: result).count
    return count == 0
      ? "module \(id) never ran"
      : "module \(id) ran \(count) time\(count == 1 ? "" : "s"), so it has no operation \(number)"
  }

  /// The messages Sonar sent, in order (what was texted in is left out).
  static func outbound(in world: JSONValue) -> [Value] {
    (world.objectValue?["messages"]?.arrayValue ?? [])
      .filter { $0.objectValue?["direction"]?.stringValue == "outbound" }
      .map(Value.init(json:))
  }

  static func customers(in world: JSONValue) -> [Value] {
    (world.objectValue?["customers"]?.arrayValue ?? []).map(Value.init(json:))
  }

  /// `+13105551234 "Hi Ann"`, for a list of what was sent.
  static func summary(of message: Value) -> String {
    let phone = message.value(at: [.key("phone_number")]).rendered
    let text = message.value(at: [.key("text")])
    return text == .null ? phone : "\(phone) \(text.jsonText())"
  }
}
