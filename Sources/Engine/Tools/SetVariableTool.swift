import Expressions

/// `util.setVariable`: sets the variable `name` to `value` for the rest of the execution, and
/// outputs `{name: value}`.
enum SetVariableTool: GivenOutputsTool {
  static func run(
    _ input: ToolInput, slot: Int?, in context: inout EvaluationContext
  ) throws(ModuleError) -> Bundles {
    if let slot { return set(input.value, slot: slot, in: &context) }
    // A name made at run time: no slot, set by name.
    let outputs = try outputs(given: input)
    if case .one(.field(let name, _)) = outputs { context.setVariable(input.value, named: name) }
    return outputs
  }

  static func outputs(given input: ToolInput) throws(ModuleError) -> Bundles {
    .one(.field(try ModuleInput.requiredText(input.name, named: "name"), input.value))
  }

  /// Sets the variable in `slot` (a literal name) to `value`: by position, without hashing its name.
  static func set(_ value: Value, slot: Int, in context: inout EvaluationContext) -> Bundles {
    context.setVariable(value, slot: slot)
    return .one(.field(context.variableName(ofSlot: slot), value))
  }
}
