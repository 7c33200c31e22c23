import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Validates marked scenario text and returns the findings.
func validate(_ marked: MarkedText, path: String = "test.yaml") -> [Diagnostic] {
  Validator().validate(SourceFile(path: path, text: marked.text)).diagnostics
}

/// Asserts exactly one diagnostic with `id` at `marker`, and returns it for further checks.
@discardableResult
func expectDiagnostic(
  _ id: String, at marker: String, in marked: MarkedText, message: String? = nil,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
  let diagnostics = validate(marked)
  guard let position = marked[marker] else {
    Issue.record("no marker \(marker) in the text", sourceLocation: sourceLocation)
    return nil
  }
  let matching = diagnostics.filter {
    $0.id == id && $0.location?.line == position.line && $0.location?.column == position.column
  }
  guard matching.count == 1, let found = matching.first else {
    Issue.record(
      "expected one '\(id)' at \(position), got: \(diagnostics.map { "\($0.id)@\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" })",
      sourceLocation: sourceLocation)
    return nil
  }
  if let message {
    #expect(found.message == message, sourceLocation: sourceLocation)
  }
  return found
}

/// A valid scenario to start from; tests replace parts of it.
let validScenario = """
  name: Welcome
  trigger:
    module: sonar.watchNewCustomer
    params: { webhookName: welcome }
  flow:
    - id: 2
      module: sonar.sendMessage
      map:
        phoneNumber: "{{1.customer.phone_number}}"
        text: Hello
  """
