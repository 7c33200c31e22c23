package import Expressions
import Foundation

/// Runners for the built-in tools that do their own work (flow control is the interpreter's).
package enum BuiltinRunners {
  /// `util.sleep` and `json.parse`.
  package static var all: ModuleRunners {
    ModuleRunners(["util.sleep": SleepRunner(), "json.parse": JSONParseRunner()])
  }
}

/// `util.sleep`: waits `delay` seconds (1 to 300), outputs an empty bundle.
struct SleepRunner: ModuleRunner {
  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    let value = input[field: "delay"]
    guard let seconds = try? Coercion.number(from: value), seconds >= 0 else {
      throw ModuleError(.dataError, "'delay' must be a number of seconds, not '\(value.rendered)'")
    }
    do {
      try await Task.sleep(for: .milliseconds(Int64(min(seconds, 300) * 1000)))
    } catch {
      throw ModuleError(.runtimeError, "the pause was cancelled")
    }
    return [.collection([:])]
  }
}

/// `json.parse`: text → bundle; a top-level array gives one bundle per item.
struct JSONParseRunner: ModuleRunner {
  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    let text = try input.requiredText("json")
    let value: Value
    do {
      value = try Value(jsonText: text)
    } catch {
      throw ModuleError(.dataError, "'json' is not valid JSON: \(error)")
    }
    if case .array(let items) = value { return items }
    return [value]
  }
}
