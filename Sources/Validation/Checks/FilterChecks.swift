import ScenarioModel

/// Filter operators and operands, on modules and on router routes.
struct FilterChecks: ValidationPass {
  func check(_ context: ValidationContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for module in context.scenario.allModules {
      if let filter = module.filter { diagnostics += check(filter) }
      for route in module.routes {
        if let filter = route.filter { diagnostics += check(filter) }
      }
    }
    return diagnostics
  }

  private func check(_ filter: Filter) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for condition in filter.conditions.joined() {
      guard let op = FilterOperator(id: condition.op.value) else {
        diagnostics.append(
          Diagnostic(
            id: "filter.unknownOperator", location: condition.op.location,
            message: "unknown filter operator '\(condition.op.value)'",
            fixHint: Suggestion.didYouMean(condition.op.value, in: FilterOperator.allIDs)
              ?? "Use a Make operator id such as text:equal, number:greater, date:less, array:contain or exist."))
        continue
      }
      if op.isUnary, let b = condition.b {
        diagnostics.append(
          Diagnostic(
            id: "filter.unusedOperand", location: b.location, message: "'\(op.id)' takes no 'b'",
            fixHint: "Remove 'b'; '\(op.id)' only tests 'a'."))
      }
      if !op.isUnary && condition.b == nil {
        diagnostics.append(
          Diagnostic(
            id: "filter.missingOperand", location: condition.location, message: "'\(op.id)' needs 'b' to compare with",
            fixHint: "Add 'b:' with the value to compare 'a' against."))
      }
      if let b = condition.b, case .scalar(let scalar) = b, !scalar.isTemplate, !scalar.isNull {
        diagnostics += checkLiteralOperand(scalar, op)
      }
    }
    return diagnostics
  }

  private func checkLiteralOperand(_ scalar: YAMLScalar, _ op: FilterOperator) -> [Diagnostic] {
    let comparesNumbers =
      op.family == .number
      || (op.family == .array && op.comparison != .contain && op.comparison != .notcontain)
    switch op.family {
    case _ where comparesNumbers:
      if Double(scalar.value.trimmingCharacters(in: .whitespaces)) == nil {
        return [
          Diagnostic(
            id: "filter.notANumber", location: scalar.location,
            message: "'\(op.id)' compares numbers, but 'b' is '\(scalar.value)'",
            fixHint: "Write a number, or use a text: operator to compare text.")
        ]
      }
    case .boolean:
      if !["true", "false"].contains(scalar.value.lowercased()) {
        return [
          Diagnostic(
            id: "filter.notABoolean", location: scalar.location,
            message: "'\(op.id)' compares booleans, but 'b' is '\(scalar.value)'", fixHint: "Write true or false.")
        ]
      }
    case .text where op.comparison == .pattern || op.comparison == .notpattern:
      if (try? Regex(scalar.value)) == nil {
        return [
          Diagnostic(
            id: "filter.invalidPattern", location: scalar.location,
            message: "'\(scalar.value)' is not a valid regular expression",
            fixHint:
              "Write the pattern without slashes, e.g. ^\\+1\\d{10}$; escape special characters with a backslash.")
        ]
      }
    default:
      break
    }
    return []
  }
}
