import Foundation
import Testing

@testable import Expressions

/// Evaluates `template` in the examples' context (UTC, module 1 = the example bundle) plus any
/// extra module outputs.
func evaluate(
  _ template: String, modules: [Int: Value] = [:], timeZone: String = "UTC", variables: [String: Value] = [:]
) throws -> Value {
  var context = FunctionSpec.Example.context
  for (id, output) in modules { context.setOutput(output, ofModule: id) }
  context.timeZone = TimeZone(identifier: timeZone) ?? context.timeZone
  context.variables = variables
  let compiled = Template.compile(template)
  return try compiled.evaluate(in: context)
}

/// `evaluate` rendered as text.
func render(_ template: String, modules: [Int: Value] = [:], timeZone: String = "UTC") throws -> String {
  try evaluate(template, modules: modules, timeZone: timeZone).rendered
}

/// The error `template` fails with.
func evaluationError(_ template: String, modules: [Int: Value] = [:]) -> EvaluationError? {
  do {
    _ = try evaluate(template, modules: modules)
    return nil
  } catch let error as EvaluationError {
    return error
  } catch {
    return nil
  }
}

/// A template with one `1️⃣` marker: the template without it, and the marker's offset in scalars.
func marked(_ text: String) -> (template: String, offset: Int) {
  let marker = "1️⃣"
  guard let range = text.range(of: marker) else { return (text, -1) }
  let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
  return (text.replacingCharacters(in: range, with: ""), offset)
}

func json(_ text: String) -> Value {
  (try? Value(jsonText: text)) ?? .null
}
