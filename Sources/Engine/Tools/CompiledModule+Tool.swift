import Expressions

extension CompiledModule {
  /// The flow tools that make a module's outputs from its input (`FlowToolRunner`), run by the
  /// interpreter without a runner or an async call. Each case names its runner's type and is
  /// dispatched to it statically.
  package enum Tool: Sendable {
    case iterator, setVariable, getVariable

    /// The tool's outputs are made from its input alone (`GivenOutputsTool`), so an event need
    /// not keep them.
    var outputsWhatItIsGiven: Bool {
      switch self {
      case .iterator, .setVariable: true
      case .getVariable: false
      }
    }

    /// Runs the tool's runner once.
    func run(
      _ input: ToolInput, slot: Int?, in context: inout EvaluationContext
    ) throws(ModuleError) -> Bundles {
      switch self {
      case .iterator: try IteratorTool.run(input, slot: slot, in: &context)
      case .setVariable: try SetVariableTool.run(input, slot: slot, in: &context)
      case .getVariable: try GetVariableTool.run(input, slot: slot, in: &context)
      }
    }

    /// The outputs a tool that outputs what it is given makes of `input`; nil for the others.
    func outputs(given input: ToolInput) throws(ModuleError) -> Bundles? {
      switch self {
      case .iterator: try IteratorTool.outputs(given: input)
      case .setVariable: try SetVariableTool.outputs(given: input)
      case .getVariable: nil
      }
    }
  }
}
