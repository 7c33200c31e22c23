import Expressions

/// A flow tool's work for one bundle: what the interpreter does itself, synchronously, without
/// calling out, given the tool's evaluated input (`ToolInput`). One type per tool
/// (`IteratorTool`, `SetVariableTool`, `GetVariableTool`); `CompiledModule.Tool` says which, and
/// the interpreter records the operation around it.
///
/// The router and the aggregators are flow tools too, but they shape the walk rather than make a
/// module's outputs from its input (choosing routes; collecting the bundles of a run of their
/// source), so the walk runs them: `Interpreter.route`, `Aggregation`.
protocol FlowToolRunner {
  /// The tool's outputs for `input`. `context` is the execution's: a tool that sets a variable
  /// sets it there. `slot` is the variable slot (a position in the context's `VariableSlots`) of
  /// a set or get variable with a literal name.
  static func run(
    _ input: ToolInput, slot: Int?, in context: inout EvaluationContext
  ) throws(ModuleError) -> Bundles
}

/// A flow tool whose outputs are made from its input alone (an iterator's items, a set variable's
/// `{name: value}`), so an operation's event need not keep them: it makes them again when read.
protocol GivenOutputsTool: FlowToolRunner {
  /// The outputs the tool makes of `input`, without its effects.
  static func outputs(given input: ToolInput) throws(ModuleError) -> Bundles
}
