import Expressions

/// `util.getVariable`: outputs `{name: value}` with the variable's value, null when it was never
/// set.
enum GetVariableTool: FlowToolRunner {
  static func run(
    _ input: ToolInput, slot: Int?, in context: inout EvaluationContext
  ) throws(ModuleError) -> Bundles {
    let name = try ModuleInput.requiredText(input.name, named: "name")
    return .one(.field(name, context.variable(named: name) ?? .null))
  }
}
